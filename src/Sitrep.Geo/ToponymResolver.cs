using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>
/// Picks one gazetteer entry per place name. Country names always stay countries; otherwise a
/// population and feature-code prior is overridden by the article's context: countries named or
/// implied by demonyms, "City, Region" pairs, and agreement with the other places resolved.
/// All mentions of one name in a document get the same reading.
/// </summary>
internal sealed class ToponymResolver(Gazetteer gazetteer)
{
    private const double CountryScore = 20;
    private const double Admin1Score = 5;
    private const double Admin2Score = 3;
    private const double AlternateNamePenalty = 1.5;
    private const double MentionedCountryBoost = 4;
    private const double AgreementPerPlace = 1.5;
    private const int AgreementCap = 3;
    private const double SameAdmin1Boost = 3;
    private const double AdminAreaWithPlacesBoost = 8;
    private const double ContainerBoost = 8;
    private const double SpatialPerName = 2.5;
    private const double SpatialCap = 4;
    private const double LocalHomonymSupport = 1.0;
    private const int HamletPopulation = 5000;
    private const int MinorTownPopulation = 100_000;

    public List<PlaceMention> Resolve(Document doc, List<Toponym> toponyms)
    {
        var result = new List<PlaceMention>(toponyms.Count);
        if (toponyms.Count == 0) return result;

        // One reading per distinct name (and admin1 marking) in the document.
        var groups = new Dictionary<(string, bool), int>();
        var groupOf = new int[toponyms.Count];
        var groupCandidates = new List<int[]>();
        var groupKeys = new List<string>();
        for (int m = 0; m < toponyms.Count; m++)
        {
            var t = toponyms[m];
            if (!groups.TryGetValue((t.Key, t.AdminArea), out var gi))
            {
                gi = groupCandidates.Count;
                groups[(t.Key, t.AdminArea)] = gi;
                groupCandidates.Add(t.Candidates);
                groupKeys.Add(t.Key);
            }
            groupOf[m] = gi;
        }

        var mentioned = MentionedCountries(doc, toponyms);
        var (containers, contents) = Containers(doc.Text, toponyms, groupOf);

        var choice = new int[groupCandidates.Count];
        // First pass: prior and mentioned countries; second pass adds agreement with the first pass.
        for (int g = 0; g < choice.Length; g++)
            choice[g] = Best(groupCandidates[g], groupKeys[g], mentioned, null, null, null, containers[g], contents[g], choice, g);
        var (byCountry, byAdmin1) = Support(choice);
        var spatial = new SpatialSupport(gazetteer, groupCandidates, (id, g) => Score(id, groupKeys[g], mentioned, null, null, null, g));
        var second = new int[choice.Length];
        for (int g = 0; g < choice.Length; g++)
            second[g] = Best(groupCandidates[g], groupKeys[g], mentioned, byCountry, byAdmin1, choice, containers[g], contents[g], choice, g, spatial);

        for (int m = 0; m < toponyms.Count; m++)
        {
            int entry = second[groupOf[m]];
            if (entry < 0) continue;
            var t = toponyms[m];
            if (!t.EntitySupported && IsUnsupportedHamlet(entry, mentioned, byCountry)) continue;
            if (IsOutOfContext(entry, mentioned, byCountry)) continue;
            result.Add(new PlaceMention(t.Start, t.End, t.Text, gazetteer.ToPlace(entry)));
        }
        return result;
    }

    /// <summary>
    /// A small town far from anything else the article names is more likely a phrase ("Red Cross")
    /// than a place; without an entity tag saying otherwise it is dropped.
    /// </summary>
    private bool IsUnsupportedHamlet(int entry, HashSet<int> mentioned, Dictionary<int, int> byCountry)
    {
        if (gazetteer.Kinds[entry] != PlaceKind.City || gazetteer.Populations[entry] >= HamletPopulation) return false;
        int country = gazetteer.CountryOf[entry];
        if (country < 0) return true;
        return !mentioned.Contains(country) && byCountry.GetValueOrDefault(country) <= 1;
    }

    /// <summary>
    /// A minor town in a country the article otherwise never touches, when the article does name countries:
    /// in a story about Syria, "al-Foua" matching a town in Egypt is a gap in the gazetteer, not a place in Egypt.
    /// </summary>
    private bool IsOutOfContext(int entry, HashSet<int> mentioned, Dictionary<int, int> byCountry)
    {
        if (gazetteer.Kinds[entry] != PlaceKind.City || gazetteer.Populations[entry] >= MinorTownPopulation) return false;
        if (mentioned.Count == 0) return false;
        int country = gazetteer.CountryOf[entry];
        return country < 0 || (!mentioned.Contains(country) && byCountry.GetValueOrDefault(country) <= 1);
    }

    /// <summary>Countries named in the text, by name or demonym ("Syrian" troops).</summary>
    private HashSet<int> MentionedCountries(Document doc, List<Toponym> toponyms)
    {
        var set = new HashSet<int>();
        foreach (var t in toponyms)
            foreach (var id in t.Candidates)
                if (gazetteer.Kinds[id] == PlaceKind.Country && gazetteer.CountryOf[id] >= 0) set.Add(gazetteer.CountryOf[id]);
        foreach (var token in doc.Tokens)
        {
            if (token.Kind != TokenKind.Word || !token.IsCapitalized) continue;
            int c = gazetteer.DemonymCountry(PlaceNames.DemonymKey(token.Text));
            if (c >= 0) set.Add(c);
        }
        return set;
    }

    /// <summary>For "Paris, Texas" and "Homs, Syria": the groups named right after each group, and right before.</summary>
    private static (List<int>[] Containers, List<int>[] Contents) Containers(string text, List<Toponym> toponyms, int[] groupOf)
    {
        int groupCount = groupOf.Length == 0 ? 0 : groupOf.Max() + 1;
        var containers = new List<int>[groupCount];
        var contents = new List<int>[groupCount];
        for (int g = 0; g < groupCount; g++)
        {
            containers[g] = [];
            contents[g] = [];
        }
        for (int m = 0; m + 1 < toponyms.Count; m++)
        {
            var gap = text.AsSpan(toponyms[m].End, Math.Max(0, toponyms[m + 1].Start - toponyms[m].End));
            int inner = groupOf[m], outer = groupOf[m + 1];
            if (!gap.Trim().SequenceEqual(",") || inner == outer) continue;
            if (!containers[inner].Contains(outer)) containers[inner].Add(outer);
            if (!contents[outer].Contains(inner)) contents[outer].Add(inner);
        }
        return (containers, contents);
    }

    private bool Contains(int area, int place) => gazetteer.Kinds[area] switch
    {
        PlaceKind.Country => gazetteer.CountryOf[area] >= 0 && gazetteer.CountryOf[area] == gazetteer.CountryOf[place],
        PlaceKind.Admin1 => gazetteer.Admin1Of[area] >= 0 && gazetteer.Admin1Of[area] == gazetteer.Admin1Of[place],
        _ => false,
    };

    private (Dictionary<int, int> ByCountry, Dictionary<int, int> ByAdmin1) Support(int[] choice)
    {
        var byCountry = new Dictionary<int, int>();
        var byAdmin1 = new Dictionary<int, int>();
        foreach (var entry in choice)
        {
            if (entry < 0) continue;
            int c = gazetteer.CountryOf[entry];
            if (c >= 0 && gazetteer.Kinds[entry] is not (PlaceKind.Country or PlaceKind.Region)) byCountry[c] = byCountry.GetValueOrDefault(c) + 1;
            int a = gazetteer.Admin1Of[entry];
            if (a >= 0) byAdmin1[a] = byAdmin1.GetValueOrDefault(a) + 1;
        }
        return (byCountry, byAdmin1);
    }

    private int Best(int[] candidates, string key, HashSet<int> mentioned, Dictionary<int, int>? byCountry, Dictionary<int, int>? byAdmin1,
        int[]? previous, List<int> containers, List<int> contents, int[] firstPass, int self, SpatialSupport? spatial = null)
    {
        bool hasCountry = false;
        foreach (var id in candidates)
            if (gazetteer.Kinds[id] is PlaceKind.Country or PlaceKind.Region) { hasCountry = true; break; }

        int best = -1;
        double bestScore = double.NegativeInfinity;
        foreach (var id in candidates)
        {
            var kind = gazetteer.Kinds[id];
            // A country's name is never read as a town or a building; only its homonymous region can compete.
            if (hasCountry && kind is not (PlaceKind.Country or PlaceKind.Region or PlaceKind.Admin1)) continue;
            double score = Score(id, key, mentioned, byCountry, byAdmin1, previous, self);
            if (spatial is not null) score += SpatialPerName * Math.Min(SpatialCap, spatial.Of(id, self));
            foreach (var container in containers)
                if (firstPass[container] >= 0 && Contains(firstPass[container], id)) score += ContainerBoost;
            if (kind is PlaceKind.Country or PlaceKind.Admin1)
                foreach (var content in contents)
                    if (firstPass[content] >= 0 && firstPass[content] != id && Contains(id, firstPass[content])) score += ContainerBoost;
            if (score > bestScore || (score == bestScore && best >= 0 && gazetteer.GeonamesIds[id] < gazetteer.GeonamesIds[best]))
            {
                best = id;
                bestScore = score;
            }
        }
        if (hasCountry && spatial is not null && byCountry is not null && best >= 0)
            best = LocalHomonymOfCountry(candidates, best, byCountry, spatial, self);
        return best;
    }

    /// <summary>
    /// "Georgia" in a story about Atlanta and Macon, "Lebanon" beside Indianapolis: a country's name is read as
    /// a same-named state or town only when several other names of the article lie near that reading and
    /// nothing else in the article is in the country.
    /// </summary>
    private int LocalHomonymOfCountry(int[] candidates, int chosen, Dictionary<int, int> byCountry, SpatialSupport spatial, int self)
    {
        if (gazetteer.Kinds[chosen] != PlaceKind.Country) return chosen;
        int country = gazetteer.CountryOf[chosen];
        if (country >= 0 && byCountry.GetValueOrDefault(country) > 0) return chosen;
        int best = chosen;
        double bestSupport = LocalHomonymSupport;
        foreach (var id in candidates)
        {
            if (gazetteer.Kinds[id] is not (PlaceKind.Admin1 or PlaceKind.City)) continue;
            double support = spatial.Of(id, self);
            if (support > bestSupport) (best, bestSupport) = (id, support);
        }
        return best;
    }

    private double Score(int id, string key, HashSet<int> mentioned, Dictionary<int, int>? byCountry, Dictionary<int, int>? byAdmin1, int[]? previous, int self)
    {
        var kind = gazetteer.Kinds[id];
        int country = gazetteer.CountryOf[id];
        int admin1 = gazetteer.Admin1Of[id];
        if (kind is PlaceKind.Country or PlaceKind.Region) return CountryScore;

        double score = kind switch
        {
            PlaceKind.Admin1 => Admin1Score,
            PlaceKind.Admin2 => Admin2Score,
            _ => Math.Log10(gazetteer.Populations[id] + 10.0) + RankBonus(gazetteer.Ranks[id])
                 - (gazetteer.IsPrimaryName(id, key, PlaceNames.WithoutArticle(key)) ? 0 : AlternateNamePenalty),
        };
        if (country >= 0 && mentioned.Contains(country)) score += MentionedCountryBoost;
        if (byCountry is not null && previous is not null && country >= 0)
        {
            int own = previous[self];
            int support = byCountry.GetValueOrDefault(country)
                - (own >= 0 && gazetteer.CountryOf[own] == country && gazetteer.Kinds[own] is not (PlaceKind.Country or PlaceKind.Region) ? 1 : 0);
            score += AgreementPerPlace * Math.Min(AgreementCap, Math.Max(0, support));
        }
        if (byAdmin1 is not null && previous is not null && admin1 >= 0)
        {
            int own = previous[self];
            int support = byAdmin1.GetValueOrDefault(admin1) - (own >= 0 && gazetteer.Admin1Of[own] == admin1 ? 1 : 0);
            if (support > 0) score += kind == PlaceKind.Admin1 ? AdminAreaWithPlacesBoost : SameAdmin1Boost;
        }
        return score;
    }

    private static double RankBonus(sbyte rank) => rank switch
    {
        3 => 2.0,
        2 => 1.5,
        1 => 0.5,
        0 => 0,
        -1 => -1,
        _ => -3,
    };
}
