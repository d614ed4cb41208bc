using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>Phrases that mark a sentence as sport, entertainment, weather or page furniture (data/coding/non_event_cues.tsv).</summary>
internal sealed class NonEventCues
{
    private readonly Dictionary<string, List<string[]>> _byFirstWord = new(StringComparer.Ordinal);

    public static NonEventCues Default => DefaultCues.Value;

    private static readonly Lazy<NonEventCues> DefaultCues = new(() => new NonEventCues(
        TsvReader.Read(RepositoryPaths.Data("coding", "non_event_cues.tsv")).Select(r => r["cue"])));

    /// <summary>Words that, spread through a story, make it a sport, entertainment, consumer or lifestyle story (data/coding/story_domain_cues.tsv).</summary>
    public static NonEventCues StoryDomain => StoryDomainCues.Value;

    private static readonly Lazy<NonEventCues> StoryDomainCues = new(() => new NonEventCues(
        TsvReader.Read(RepositoryPaths.Data("coding", "story_domain_cues.tsv")).Select(r => r["cue"])));

    public NonEventCues(IEnumerable<string> cues)
    {
        foreach (var cue in cues)
        {
            var words = Words.SplitPhrase(cue.ToLowerInvariant());
            if (words.Length == 0) continue;
            if (!_byFirstWord.TryGetValue(words[0], out var list)) _byFirstWord[words[0]] = list = [];
            list.Add(words);
        }
    }

    public bool Matches(IReadOnlyList<Word> words)
    {
        for (int i = 0; i < words.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(words[i].Lower, out var candidates)) continue;
            foreach (var cue in candidates)
            {
                if (i + cue.Length > words.Count) continue;
                bool all = true;
                for (int k = 1; k < cue.Length && all; k++) all = words[i + k].Lower == cue[k];
                if (all) return true;
            }
        }
        return false;
    }
}
