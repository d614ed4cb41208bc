using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>Finds place names, resolves them to GeoNames entries and places each event.</summary>
public sealed class GeocodingStage : ILanguageScopedStage
{
    private readonly Lazy<Gazetteer> _gazetteer;

    /// <summary>Uses the process-wide <see cref="Gazetteer.Default"/>, loaded on first use.</summary>
    public GeocodingStage()
    {
        _gazetteer = new Lazy<Gazetteer>(() => Gazetteer.Default);
    }

    public GeocodingStage(Gazetteer gazetteer)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        _gazetteer = new Lazy<Gazetteer>(gazetteer);
    }

    public string Name => StageNames.Geocoding;

    public IReadOnlySet<string> Languages => StageLanguages.English;

    public void Process(Document document)
    {
        if (document.Text.Length == 0 || document.Tokens.Count == 0) return;
        var gazetteer = _gazetteer.Value;
        var toponyms = new ToponymDetector(gazetteer, DetectionLexicon.Default, AdminTerms.Default).Detect(document);
        var places = new ToponymResolver(gazetteer).Resolve(document, toponyms);
        document.Places.AddRange(places);
        // "Russian jets struck Idlib": a demonym is evidence of a country, not where the event happened.
        EventLocator.LocateAll(document, p => gazetteer.DemonymEntry(PlaceNames.DemonymKey(p.Text)) < 0);
    }

    /// <summary>
    /// Resolves spans that are already known to be place names (gold mentions, or names another tool found),
    /// with the document's own place names as context. Demonyms resolve to their country.
    /// Returns one mention per span that the gazetteer knows, in text order; the document is not changed.
    /// </summary>
    public List<PlaceMention> ResolveSpans(Document document, IEnumerable<TextSpan> spans)
    {
        var gazetteer = _gazetteer.Value;
        var given = new List<Toponym>();
        foreach (var span in spans.OrderBy(s => s.Start))
        {
            if (span.Start < 0 || span.End > document.Text.Length || span.Start >= span.End) continue;
            var text = document.Text[span.Start..span.End];
            var ids = gazetteer.Candidates(text);
            if (ids.Length == 0 && gazetteer.DemonymEntry(PlaceNames.DemonymKey(text)) is int demonym and >= 0) ids = [demonym];
            if (text.Length <= 3 && text.All(char.IsUpper)) ids = gazetteer.WithoutTowns(ids);
            if (ids.Length > 0) given.Add(new Toponym(span.Start, span.End, text, PlaceNames.Key(text), ids) { EntitySupported = true });
        }
        var context = document.Tokens.Count == 0 ? []
            : new ToponymDetector(gazetteer, DetectionLexicon.Default, AdminTerms.Default).Detect(document);
        var all = given.Concat(context.Where(t => !Overlaps(given, t))).OrderBy(t => t.Start).ToList();
        var resolved = new ToponymResolver(gazetteer).Resolve(document, all);
        var wanted = given.Select(g => (g.Start, g.End)).ToHashSet();
        return resolved.Where(p => wanted.Contains((p.Start, p.End))).ToList();
    }

    /// <summary>True when <paramref name="t"/> overlaps one of <paramref name="sorted"/> (ordered by start).</summary>
    private static bool Overlaps(List<Toponym> sorted, Toponym t)
    {
        // Given spans may nest, so compare against the furthest end among those starting before t ends.
        int lo = 0, hi = sorted.Count - 1, last = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid].Start < t.End) { last = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        for (int k = last; k >= 0 && k > last - 64; k--)
            if (sorted[k].End > t.Start) return true;
        return false;
    }
}
