using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>
/// Chooses where an event happened from the places already found in the document:
/// <list type="number">
/// <item>the place in the event's evidence closest to its trigger, cities before admin1 areas before countries
/// at similar distance, skipping places inside the event's actor mentions ("Syrian army");</item>
/// <item>else a place in the previous sentence of the same paragraph;</item>
/// <item>else the article's most mentioned city (ties go to the first), then admin1 area, then country.</item>
/// </list>
/// </summary>
public static class EventLocator
{
    // Characters of extra distance by feature, so "in Mosul, Iraq" picks Mosul.
    private const int Admin1Penalty = 25;
    private const int CountryPenalty = 50;

    /// <summary>Sets <see cref="EventRecord.Location"/> on every event of the document that has none.</summary>
    public static void LocateAll(Document doc) => LocateAll(doc, null);

    /// <summary>As <see cref="LocateAll(Document)"/>, placing events only at the mentions <paramref name="usable"/> accepts.</summary>
    public static void LocateAll(Document doc, Func<PlaceMention, bool>? usable)
    {
        if (doc.Events.Count == 0 || doc.Places.Count == 0) return;
        var places = doc.Places.Where(p => usable is null || usable(p)).OrderBy(p => p.Start).ToList();
        if (places.Count == 0) return;
        var fallback = MostMentioned(places);
        foreach (var ev in doc.Events)
            ev.Location ??= Locate(doc, ev, places) ?? fallback;
    }

    /// <summary>The place for one event from its evidence and the previous sentence; null when neither names one.</summary>
    public static PlaceMention? Locate(Document doc, EventRecord ev, IReadOnlyList<PlaceMention> places)
    {
        var inEvidence = Nearest(doc, ev, places, ev.Evidence.Start, ev.Evidence.End);
        if (inEvidence is not null) return inEvidence;
        var previous = PreviousSentence(doc, ev.Evidence.Start);
        if (previous is null) return null;
        return Nearest(doc, ev, places, previous.Value.Start, previous.Value.End);
    }

    private static PlaceMention? Nearest(Document doc, EventRecord ev, IReadOnlyList<PlaceMention> places, int start, int end)
    {
        PlaceMention? best = null;
        int bestDistance = int.MaxValue;
        foreach (var p in places)
        {
            if (p.Start < start || p.End > end) continue;
            if (Inside(p, ev.Actor1) || Inside(p, ev.Actor2) || NamesAnActingCountry(doc, p)) continue;
            int distance = p.End <= ev.Trigger.Start ? ev.Trigger.Start - p.End
                : p.Start >= ev.Trigger.End ? p.Start - ev.Trigger.End : 0;
            distance += p.Place.Feature switch
            {
                "country" => CountryPenalty,
                "admin1" => Admin1Penalty,
                _ => 0,
            };
            if (distance < bestDistance)
            {
                best = p;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>"Russia, Turkey and Iran say ...", "Russia's air force": a country named as a party is not where events happen.</summary>
    private static bool NamesAnActingCountry(Document doc, PlaceMention p) =>
        p.Place.Feature == "country" && doc.Actors.Any(a => p.Start >= a.Start && p.End <= a.End);

    private static bool Inside(PlaceMention p, ActorMention? actor) =>
        actor is not null && p.Start >= actor.Start && p.End <= actor.End;

    /// <summary>The sentence before the one at <paramref name="offset"/>, when no line break separates them.</summary>
    internal static TextSpan? PreviousSentence(Document doc, int offset)
    {
        var sentences = doc.Sentences;
        int lo = 0, hi = sentences.Count - 1, index = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (offset < sentences[mid].Start) hi = mid - 1;
            else if (offset >= sentences[mid].End) lo = mid + 1;
            else { index = mid; break; }
        }
        if (index <= 0) return null;
        var prev = sentences[index - 1];
        var between = doc.Text.AsSpan(prev.End, Math.Max(0, sentences[index].Start - prev.End));
        if (between.Contains('\n')) return null;
        return new TextSpan(prev.Start, prev.End);
    }

    /// <summary>The most mentioned city, else admin1 area, else country; ties go to the first mentioned.</summary>
    internal static PlaceMention? MostMentioned(IReadOnlyList<PlaceMention> places)
    {
        foreach (var feature in new[] { "city", "admin1", "country" })
        {
            var counts = new Dictionary<(string, long?, double, double), (int Count, PlaceMention First)>();
            foreach (var p in places)
            {
                if (p.Place.Feature != feature) continue;
                var key = (p.Place.Name, p.Place.GeonamesId, p.Place.Latitude, p.Place.Longitude);
                counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First) : (1, p);
            }
            if (counts.Count == 0) continue;
            PlaceMention? best = null;
            int bestCount = 0;
            foreach (var (_, (count, first)) in counts)
                if (count > bestCount || (count == bestCount && best is not null && first.Start < best.Start))
                {
                    best = first;
                    bestCount = count;
                }
            return best;
        }
        return null;
    }
}
