using System.Globalization;
using Sitrep.Core;

namespace Sitrep.EndToEnd.Tests;

/// <summary>Checks a coded document against spec expectations; returns what did not hold.</summary>
public static class EventExpectations
{
    public static IEnumerable<string> Failures(Document doc, IEnumerable<SpecExpectation> expectations)
    {
        var events = doc.Events.Where(e => !e.Negated).ToList();
        foreach (var expectation in expectations.Where(x => !x.Pending))
        {
            bool any = events.Any(e => Matches(e, expectation));
            if (expectation.Expected && !any) yield return $"missing  {expectation.Line}";
            if (!expectation.Expected && any) yield return $"unwanted {expectation.Line}";
        }
    }

    public static string Describe(Document doc) => string.Join("\n", doc.Events.Where(e => !e.Negated).Select(e =>
        $"  {e.Plover} {e.Acled?.SubEventType} a1={Actor(e.Actor1)} a2={Actor(e.Actor2)} date={e.Date:yyyy-MM-dd} " +
        $"loc={e.Location?.Place.Name} size={e.Size} dead={e.Fatalities} hurt={e.Injured} :: {doc.Slice(e.Trigger.Start, e.Trigger.End)}"));

    private static string Actor(ActorMention? m) => m is null ? "-" : $"{m.Actor.Country}/{m.Actor.Sector}({m.Text})";

    public static bool Matches(EventRecord e, SpecExpectation x)
    {
        if (e.Plover != x.Plover) return false;
        foreach (var (key, value) in x.Fields)
        {
            bool ok = key switch
            {
                "actor1" => ActorMatches(e.Actor1, value),
                "actor2" => ActorMatches(e.Actor2, value),
                "sub_event" => e.Acled?.SubEventType == value,
                "size" => e.Size == int.Parse(value, CultureInfo.InvariantCulture),
                "fatalities" => e.Fatalities == int.Parse(value, CultureInfo.InvariantCulture),
                "injured" => e.Injured == int.Parse(value, CultureInfo.InvariantCulture),
                "date" => e.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == value,
                "location" => e.Location is { } l && (string.Equals(l.Place.Name, value, StringComparison.OrdinalIgnoreCase) || string.Equals(l.Text, value, StringComparison.OrdinalIgnoreCase)),
                _ => throw new InvalidOperationException($"unknown spec key '{key}' in: {x.Line}"),
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>"ISO3/SECTOR", "ISO3" or "/SECTOR".</summary>
    private static bool ActorMatches(ActorMention? mention, string expected)
    {
        if (mention is null) return false;
        var parts = expected.Split('/');
        if (parts[0].Length > 0 && mention.Actor.Country != parts[0]) return false;
        return parts.Length < 2 || parts[1].Length == 0 || mention.Actor.Sector == parts[1];
    }
}
