using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>A span of text that names a gazetteer entry, before disambiguation.</summary>
internal sealed record Toponym(int Start, int End, string Text, string Key, int[] Candidates)
{
    /// <summary>True when an administrative word ("Province", "Governorate") says it is an admin1 area.</summary>
    public bool AdminArea { get; init; }

    /// <summary>True when the language stage tagged the span as a place (GPE or LOC).</summary>
    public bool EntitySupported { get; init; }

    /// <summary>True for a demonym ("Syrian", "Sri Lankan"), which stands for its country or region.</summary>
    public bool Demonym { get; init; }
}

/// <summary>
/// Finds place names among capitalised token sequences, longest gazetteer name first: demonyms stand for
/// their country ("Syrian"), a place inside an organisation's name counts ("Dublin City Council"), as the
/// geoparsing gold standards annotate them; common words and people's names are dropped.
/// </summary>
internal sealed class ToponymDetector(Gazetteer gazetteer, DetectionLexicon lexicon, AdminTerms adminTerms)
{
    private const int MaxNameTokens = 8;
    private const int MaxNameLength = 80;
    private const int HyphenPartMinPopulation = 100_000;

    /// <summary>Directional words that may stand before a place name without making it a longer name.</summary>
    private static readonly HashSet<string> _modifiers = new(StringComparer.Ordinal)
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
        "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
        "southwestern", "greater", "rural", "downtown", "besieged", "occupied", "upper", "lower", "the", "in", "from",
    };

    public List<Toponym> Detect(Document doc)
    {
        var text = doc.Text;
        var tokens = doc.Tokens;
        var result = new List<Toponym>();
        if (tokens.Count == 0 || text.Length == 0) return result;

        var entityOf = EntityIndex(doc);
        var lowerWords = LowercaseWords(tokens);
        var sentenceInitial = SentenceInitial(doc);
        var titleCase = TitleCaseTokens(doc);

        int i = 0;
        int lastPlaceToken = -1;
        while (i < tokens.Count)
        {
            if (!CanStart(tokens, i) || FollowsPersonTitle(tokens, i))
            {
                i++;
                continue;
            }
            int limit = Extent(text, tokens, i);
            if (limit > i && !gazetteer.FirstWords.Contains(FirstWordKey(tokens[i]))) limit = LastGlued(text, tokens, i, limit);
            Toponym? found = null;
            int foundLast = -1;
            for (int j = limit; j >= i; j--)
            {
                if (!CanEnd(text, tokens, j)) continue;
                var surface = text.AsSpan(tokens[i].Start, tokens[j].End - tokens[i].Start);
                var (ids, nameLength, demonym) = Lookup(surface, i == j);
                if (ids.Length == 0) continue;
                var name = surface[..nameLength].ToString();
                found = new Toponym(tokens[i].Start, tokens[i].Start + nameLength, name, PlaceNames.Key(name), ids) { Demonym = demonym };
                foundLast = j;
                break;
            }
            if (found is null)
            {
                // "Egyptian-US relations", "the Washington-Moscow route": places joined by a hyphen in one token.
                AddHyphenatedParts(doc, i, result);
                i++;
                continue;
            }
            var accepted = Accept(doc, found, i, foundLast, entityOf, lowerWords, sentenceInitial, titleCase, lastPlaceToken);
            if (accepted is not null)
            {
                result.Add(accepted.Value.Toponym);
                lastPlaceToken = foundLast;
                i = accepted.Value.NextToken;
            }
            else i = foundLast + 1;
        }
        return result;
    }

    /// <summary>
    /// Gazetteer entries for a surface: a demonym first (it names the country), then the name itself,
    /// then without a possessive ("Syria's") and, for one token, the part before a hyphen ("Mosul-based").
    /// </summary>
    private (int[] Ids, int Length, bool Demonym) Lookup(ReadOnlySpan<char> surface, bool singleToken)
    {
        if (DemonymIds(surface) is { } d) return (d, surface.Length, true);
        var ids = gazetteer.Candidates(surface);
        if (ids.Length > 0) return (ids, surface.Length, false);
        if (WithoutPossessive(surface) is { Length: > 0 } owner)
        {
            if (DemonymIds(owner) is { } od) return (od, owner.Length, true);
            ids = gazetteer.Candidates(owner);
            if (ids.Length > 0) return (ids, owner.Length, false);
        }
        if (singleToken && CompoundHead(surface) is { Length: > 0 } head)
        {
            if (DemonymIds(head) is { } hd) return (hd, head.Length, true);
            ids = gazetteer.Candidates(head);
            if (ids.Length > 0) return (ids, head.Length, false);
        }
        return ([], 0, false);
    }

    private int[]? DemonymIds(ReadOnlySpan<char> surface)
    {
        if (surface.Length < 4 || !char.IsUpper(surface[0])) return null;
        int entry = gazetteer.DemonymEntry(PlaceNames.DemonymKey(surface));
        return entry >= 0 ? [entry] : null;
    }

    private void AddHyphenatedParts(Document doc, int i, List<Toponym> result)
    {
        var token = doc.Tokens[i];
        if (token.Text.IndexOf('-') <= 0) return;
        int offset = 0;
        foreach (var part in token.Text.Split('-'))
        {
            int start = token.Start + offset;
            offset += part.Length + 1;
            if (part.Length < 2 || !char.IsUpper(part[0]) || lexicon.IsStopword(part.ToLowerInvariant())) continue;
            var (ids, length, demonym) = Lookup(part, singleToken: false);
            if (ids.Length == 0 || length != part.Length) continue;
            bool area = HasKind(ids, PlaceKind.Country) || HasKind(ids, PlaceKind.Region) || HasKind(ids, PlaceKind.Admin1);
            // Inside a hyphenated word ("Wal-Mart") only a well-known place is likely: an area, a demonym or a city.
            if (!area && !demonym && MaxPopulation(ids) < HyphenPartMinPopulation) continue;
            int letters = part.Count(char.IsLetter);
            if (letters < 3 && !(area && IsAllUpper(part))) continue;
            if (letters <= 3 && IsAllUpper(part))
            {
                ids = gazetteer.WithoutTowns(ids);
                if (ids.Length == 0) continue;
            }
            result.Add(new Toponym(start, start + part.Length, part, PlaceNames.Key(part), ids) { Demonym = demonym });
        }
    }

    private (Toponym Toponym, int NextToken)? Accept(
        Document doc, Toponym t, int first, int last, EntityMention?[] entityOf,
        HashSet<string> lowerWords, bool[] sentenceInitial, bool[] titleCase, int lastPlaceToken)
    {
        var tokens = doc.Tokens;
        var key = t.Key;
        bool singleWord = first == last;
        bool hasCountry = HasKind(t.Candidates, PlaceKind.Country) || HasKind(t.Candidates, PlaceKind.Region);

        // Very short names are initials or codes, except a country written in capitals ("UK").
        int letters = key.Count(char.IsLetter);
        bool area = hasCountry || HasKind(t.Candidates, PlaceKind.Admin1);
        if (letters < 3 && !(area && (IsAllUpper(t.Text) || t.Text.EndsWith('.')))) return null;
        if (t.Demonym) return (t, last + 1);

        if (singleWord && gazetteer.IsDemonym(PlaceNames.DemonymKey(t.Text)) && !hasCountry) return null;
        if (singleWord && (lexicon.IsStopword(tokens[first].Lower) || lexicon.IsStopword(key)) && !hasCountry) return null;
        // "Red Cross": a name made only of common words needs an entity tag or a country/region reading.
        // "Laurel County": a named county or state is a place even when its words are common ones.
        if (!singleWord && !hasCountry && !area && !HasKind(t.Candidates, PlaceKind.Admin2)
            && AllStopwords(tokens, first, last) && !EntitySays(entityOf, first, last)) return null;

        // Entities are hints: a person or nationality span wins, an organisation wins unless it is exactly the name.
        // "EU", "SA": short capitals are acronyms, never a town's name.
        if (letters <= 3 && IsAllUpper(t.Text))
        {
            var areas = gazetteer.WithoutTowns(t.Candidates);
            if (areas.Length == 0) return null;
            t = t with { Candidates = areas };
        }

        var entity = CoveringEntity(entityOf, first, last);
        bool entitySaysPlace = false;
        if (entity is not null)
        {
            switch (entity.Type)
            {
                case EntityTypes.Person:
                case EntityTypes.Nationality:
                    // "Laurel County" tagged as a person is still the county: a multi-word area name outweighs the tag.
                    if (!hasCountry && (singleWord || !(HasKind(t.Candidates, PlaceKind.Admin2) || HasKind(t.Candidates, PlaceKind.Admin1)))) return null;
                    break;
                case EntityTypes.Organization:
                    // "Dublin City Council", "the Texas Department of Health": the place inside still counts.
                    break;
                case EntityTypes.GeoPolitical:
                case EntityTypes.Location:
                    entitySaysPlace = true;
                    break;
            }
        }

        int next = NextWord(tokens, last);
        int prev = PreviousWord(tokens, first);

        // "Idlib Province", "Kyiv Oblast": an admin1 area when the gazetteer has one by that name.
        if (next >= 0 && adminTerms.IsSuffix(tokens[next].Lower) && Adjacent(doc.Text, tokens, last, next))
        {
            var areas = OfKind(t.Candidates, PlaceKind.Admin1);
            if (areas.Length > 0)
                return (t with { End = tokens[next].End, Text = doc.Text[t.Start..tokens[next].End], Candidates = areas, AdminArea = true }, next + 1);
        }
        // "Province of Idlib".
        if (prev >= 1 && tokens[prev].Lower == "of" && PreviousWord(tokens, prev) is int head and >= 0 && adminTerms.IsPrefix(tokens[head].Lower))
        {
            var areas = OfKind(t.Candidates, PlaceKind.Admin1);
            if (areas.Length > 0)
                return (t with { Start = tokens[head].Start, Text = doc.Text[tokens[head].Start..t.End], Candidates = areas, AdminArea = true }, last + 1);
        }

        if (!entitySaysPlace)
        {
            // "John Kerry": a capitalised word just before makes this the end of a longer name.
            if (prev >= 0 && prev != lastPlaceToken && !titleCase[first] && tokens[prev].IsCapitalized && Adjacent(doc.Text, tokens, prev, first) && !sentenceInitial[prev]
                && !_modifiers.Contains(tokens[prev].Lower) && !lexicon.IsStopword(tokens[prev].Lower)
                && gazetteer.DemonymCountry(PlaceNames.DemonymKey(tokens[prev].Text)) < 0)
                return null;
            if (!hasCountry && singleWord && !HasKind(t.Candidates, PlaceKind.Admin1))
            {
                // "Hassan al-Turabi", "Denver Smith": a capitalised name right after makes this a given name.
                bool wholeToken = t.End == tokens[last].End;
                if (next >= 0 && wholeToken && !titleCase[first] && Adjacent(doc.Text, tokens, last, next) && StartsName(tokens[next])
                    && !lexicon.IsStopword(tokens[next].Lower) && !lexicon.IsOrganisationHead(tokens[next].Lower) && !adminTerms.IsSuffix(tokens[next].Lower) && !lexicon.IsPersonTitle(tokens[next].Lower)
                    && !gazetteer.IsDemonym(PlaceNames.DemonymKey(tokens[next].Text)) && gazetteer.Candidates(tokens[next].Text).Length == 0)
                    return null;
                // A common word capitalised only at a sentence start ("Hope", "Crowds").
                if (lowerWords.Contains(tokens[first].Lower)) return null;
                if (sentenceInitial[first] && MaxPopulation(t.Candidates) < 1000) return null;
            }
        }
        return (t with { EntitySupported = entitySaysPlace }, last + 1);
    }

    private bool AllStopwords(List<Token> tokens, int first, int last)
    {
        for (int k = first; k <= last; k++)
            if (tokens[k].Kind == TokenKind.Word && !lexicon.IsStopword(tokens[k].Lower) && !lexicon.IsConnector(tokens[k].Lower)) return false;
            else if (adminTerms.IsSuffix(tokens[k].Lower)) return false;
        return true;
    }

    private static bool EntitySays(EntityMention?[] entityOf, int first, int last) =>
        CoveringEntity(entityOf, first, last) is { Type: EntityTypes.GeoPolitical or EntityTypes.Location };

    /// <summary>A capitalised word, or an article glued to one ("al-Turabi").</summary>
    private bool StartsName(Token token)
    {
        if (token.Kind != TokenKind.Word) return false;
        if (token.IsCapitalized) return true;
        int hyphen = token.Text.IndexOf('-');
        return hyphen > 0 && hyphen + 1 < token.Text.Length && char.IsUpper(token.Text[hyphen + 1]) && lexicon.IsConnector(token.Lower[..hyphen]);
    }

    private static string FirstWordKey(Token token)
    {
        var key = PlaceNames.Key(token.Text);
        int space = key.IndexOf(' ');
        return space > 0 ? key[..space] : key;
    }

    /// <summary>The last token glued to <paramref name="first"/> without a space ("Fu'ah", "al-Bab", "Ky.").</summary>
    private static int LastGlued(string text, List<Token> tokens, int first, int limit)
    {
        int last = first;
        while (last < limit && tokens[last].End == tokens[last + 1].Start) last++;
        return last;
    }

    private static ReadOnlySpan<char> CompoundHead(ReadOnlySpan<char> surface)
    {
        int hyphen = surface.IndexOf('-');
        return hyphen >= 3 && hyphen + 1 < surface.Length && char.IsLower(surface[hyphen + 1]) && char.IsUpper(surface[0])
            ? surface[..hyphen] : [];
    }

    private static ReadOnlySpan<char> WithoutPossessive(ReadOnlySpan<char> surface) =>
        surface.Length > 3 && (surface.EndsWith("'s") || surface.EndsWith("\u2019s")) ? surface[..^2] : [];

    private bool HasKind(int[] ids, PlaceKind kind)
    {
        foreach (var id in ids)
            if (gazetteer.Kinds[id] == kind) return true;
        return false;
    }

    private int[] OfKind(int[] ids, PlaceKind kind) => ids.Where(id => gazetteer.Kinds[id] == kind).ToArray();

    private int MaxPopulation(int[] ids)
    {
        int max = 0;
        foreach (var id in ids) max = Math.Max(max, gazetteer.Populations[id]);
        return max;
    }

    private static bool IsAllUpper(string s)
    {
        bool any = false;
        foreach (char c in s)
        {
            if (char.IsLower(c)) return false;
            if (char.IsLetter(c)) any = true;
        }
        return any;
    }

    /// <summary>A name starts at a capitalised word, or at an Arabic article glued to one ("al-Foua").</summary>
    private bool CanStart(List<Token> tokens, int i)
    {
        var t = tokens[i];
        if (t.Kind != TokenKind.Word || t.Text.Length == 0 || t.Text.Length > MaxNameLength) return false;
        if (t.IsCapitalized) return true;
        int hyphen = t.Text.IndexOf('-');
        if (hyphen > 0 && hyphen + 1 < t.Text.Length && char.IsUpper(t.Text[hyphen + 1])) return lexicon.IsConnector(t.Lower[..hyphen]);
        if (lexicon.IsConnector(t.Lower) && i + 2 < tokens.Count && tokens[i + 1].Text == "-" && tokens[i + 2].IsCapitalized) return true;
        return false;
    }

    private bool FollowsPersonTitle(List<Token> tokens, int i)
    {
        int prev = PreviousWord(tokens, i);
        return prev >= 0 && tokens[prev].IsCapitalized && lexicon.IsPersonTitle(tokens[prev].Lower.TrimEnd('.'));
    }

    /// <summary>The last token a name starting at <paramref name="first"/> could reach.</summary>
    private int Extent(string text, List<Token> tokens, int first)
    {
        int last = first;
        for (int k = first + 1; k < tokens.Count && k - first < MaxNameTokens; k++)
        {
            var gap = text.AsSpan(tokens[k - 1].End, tokens[k].Start - tokens[k - 1].End);
            var t = tokens[k];
            bool glued = gap.Length == 0;
            if (glued)
            {
                if (t.Kind is TokenKind.Word or TokenKind.Number || t.Text is "-" or "'" or "\u2019" or "." or "\u2018") { last = k; continue; }
                break;
            }
            if (gap.Length > 2 || gap.ContainsAny('\n', '\r')) break;
            if (t.Kind == TokenKind.Word && (t.IsCapitalized || lexicon.IsConnector(t.Lower))) { last = k; continue; }
            if (t.Text is "-") { last = k; continue; }
            break;
        }
        return last;
    }

    private bool CanEnd(string text, List<Token> tokens, int j)
    {
        var t = tokens[j];
        // A final period belongs to the name only as an abbreviation ("Ky.", "D.C."); the gazetteer decides.
        if (t.Text == "." && j > 0 && tokens[j - 1].End == t.Start && tokens[j - 1].Kind == TokenKind.Word) return true;
        if (t.Kind != TokenKind.Word) return false;
        if (t.IsCapitalized) return true;
        int hyphen = t.Text.IndexOf('-');
        if (hyphen > 0 && hyphen + 1 < t.Text.Length && char.IsUpper(t.Text[hyphen + 1])) return true;
        // A lower-case piece glued to the previous token ("Fu'ah" split as Fu ' ah).
        return j > 0 && tokens[j - 1].End == t.Start && !lexicon.IsConnector(t.Lower);
    }

    private static bool Adjacent(string text, List<Token> tokens, int a, int b)
    {
        var gap = text.AsSpan(tokens[a].End, tokens[b].Start - tokens[a].End);
        foreach (char c in gap)
            if (c is not (' ' or '-' or '\u00A0')) return false;
        return gap.Length <= 2;
    }

    private static int NextWord(List<Token> tokens, int i)
    {
        int k = i + 1;
        while (k < tokens.Count && tokens[k].Text == "-") k++;
        return k < tokens.Count && tokens[k].Kind == TokenKind.Word ? k : -1;
    }

    private static int PreviousWord(List<Token> tokens, int i)
    {
        int k = i - 1;
        return k >= 0 && tokens[k].Kind == TokenKind.Word ? k : -1;
    }

    private static EntityMention? CoveringEntity(EntityMention?[] entityOf, int first, int last)
    {
        for (int k = first; k <= last; k++)
            if (entityOf[k] is { } e) return e;
        return null;
    }

    /// <summary>For each token, the entity that contains it (entities and tokens are both in text order).</summary>
    private static EntityMention?[] EntityIndex(Document doc)
    {
        var result = new EntityMention?[doc.Tokens.Count];
        if (doc.Entities.Count == 0) return result;
        var entities = doc.Entities.OrderBy(e => e.Start).ToList();
        int e = 0;
        for (int k = 0; k < doc.Tokens.Count; k++)
        {
            var t = doc.Tokens[k];
            while (e < entities.Count && entities[e].End <= t.Start) e++;
            if (e < entities.Count && entities[e].Start <= t.Start && t.End <= entities[e].End) result[k] = entities[e];
        }
        return result;
    }

    private static HashSet<string> LowercaseWords(List<Token> tokens)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
            if (t.Kind == TokenKind.Word && t.Text.Length > 0 && char.IsLower(t.Text[0])) set.Add(t.Text);
        return set;
    }

    /// <summary>Tokens of headline-style lines ("Alexandria Woman Charged in Fire"), where capitals say nothing about names.</summary>
    private static bool[] TitleCaseTokens(Document doc)
    {
        var tokens = doc.Tokens;
        var result = new bool[tokens.Count];
        int start = 0;
        for (int k = 0; k <= tokens.Count; k++)
        {
            bool lineEnds = k == tokens.Count
                || (k > start && doc.Text.AsSpan(tokens[k - 1].End, tokens[k].Start - tokens[k - 1].End).ContainsAny('\n', '\r'))
                || (k > start && tokens[k - 1].Text is "." or "!" or "?");
            if (!lineEnds) continue;
            int words = 0, capitalised = 0;
            for (int j = start; j < k; j++)
            {
                if (tokens[j].Kind != TokenKind.Word || tokens[j].Text.Length < 4) continue;
                words++;
                if (tokens[j].IsCapitalized) capitalised++;
            }
            if (words >= 3 && capitalised * 10 >= words * 8)
                for (int j = start; j < k; j++) result[j] = true;
            start = k;
        }
        return result;
    }

    /// <summary>Tokens that open a sentence (from Document.Sentences, or after . ! ? and line breaks when there are none).</summary>
    private static bool[] SentenceInitial(Document doc)
    {
        var tokens = doc.Tokens;
        var result = new bool[tokens.Count];
        if (doc.Sentences.Count > 0)
        {
            int s = 0;
            for (int k = 0; k < tokens.Count; k++)
            {
                while (s < doc.Sentences.Count && doc.Sentences[s].End <= tokens[k].Start) s++;
                if (s < doc.Sentences.Count && doc.Sentences[s].Start <= tokens[k].Start)
                    result[k] = k == 0 || tokens[k - 1].Start < doc.Sentences[s].Start;
            }
            return result;
        }
        bool start = true;
        for (int k = 0; k < tokens.Count; k++)
        {
            if (k > 0 && doc.Text.AsSpan(tokens[k - 1].End, tokens[k].Start - tokens[k - 1].End).ContainsAny('\n', '\r')) start = true;
            if (tokens[k].Kind == TokenKind.Word)
            {
                result[k] = start;
                start = false;
            }
            else if (tokens[k].Text is "." or "!" or "?" or ":" or "\"" or "\u201C") start = start || tokens[k].Text is "." or "!" or "?" or ":";
        }
        return result;
    }
}
