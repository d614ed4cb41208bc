using Sitrep.Core;

namespace Sitrep.Dedup;

/// <summary>What event deduplication compares of one stored report.</summary>
public sealed record EventFacts
{
    public required string EventId { get; init; }
    public string? ArticleId { get; init; }
    public string? ClusterId { get; init; }
    public required string Family { get; init; }
    public DateOnly? Date { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Country { get; init; }
    public string? Admin1 { get; init; }
    /// <summary>country, admin1, admin2, city or other.</summary>
    public string? Feature { get; init; }
    public string? Actor1Name { get; init; }
    public string? Actor1Country { get; init; }
    public string? Actor1Sector { get; init; }
    public string? Evidence { get; init; }

    public bool HasActor1 => Actor1Name is not null || Actor1Country is not null || Actor1Sector is not null;

    public bool HasPoint => Latitude is not null && Longitude is not null;

    /// <summary>A location finer than a whole country.</summary>
    public bool HasPlace => HasPoint && Feature != "country";
}

/// <summary>
/// When two reports describe the same real-world event. The relation is symmetric and decided
/// pair by pair, so clusters (its connected components) do not depend on the order of storing.
/// </summary>
public static class EventMatching
{
    public const int DateWindowDays = 2;
    public const double DistanceKm = 50;

    /// <summary>Evidence word overlap (Jaccard) from which two reports in near-duplicate articles are the same sentence.</summary>
    public const double EvidenceOverlap = 0.5;

    private static readonly Lazy<IReadOnlyDictionary<string, (string Family, int Quad)>> Types = new(LoadTypes);

    /// <summary>The family of a PLOVER type (data/dedup/plover_types.tsv); an unknown type is its own family.</summary>
    public static string Family(string plover) =>
        Types.Value.TryGetValue(plover, out var t) ? t.Family : plover.ToUpperInvariant();

    /// <summary>PLOVER quad category 1-4, or null for an unknown type.</summary>
    public static int? Quad(string plover) => Types.Value.TryGetValue(plover, out var t) ? t.Quad : null;

    /// <summary>
    /// Independent reports: same family, both placed below country level within
    /// <see cref="DistanceKm"/> or in the same first-level division, compatible first actors, and
    /// dates within <see cref="DateWindowDays"/> when both actors are known, the same day when one
    /// is missing (a missing actor is weak evidence: with the full window, daily actor-less reports
    /// from one city would chain into one cluster spanning weeks).
    /// </summary>
    public static bool SameEvent(EventFacts a, EventFacts b)
    {
        if (a.Family != b.Family || a.Date is not { } da || b.Date is not { } db) return false;
        int window = a.HasActor1 && b.HasActor1 ? DateWindowDays : 0;
        if (Math.Abs(da.DayNumber - db.DayNumber) > window) return false;
        if (!a.HasPlace || !b.HasPlace || !NearOrSameAdmin1(a, b)) return false;
        return CompatibleActors(a, b);
    }

    /// <summary>
    /// Reports in two near-duplicate articles (syndicated copies): same family, similar evidence
    /// sentence, and nothing that contradicts (dates, places and actors agree where both are known).
    /// </summary>
    public static bool SameEventInCopies(EventFacts a, EventFacts b)
    {
        if (a.Family != b.Family) return false;
        if (a.Date is { } da && b.Date is { } db && Math.Abs(da.DayNumber - db.DayNumber) > DateWindowDays) return false;
        if (a.HasPoint && b.HasPoint && !NearOrSameAdmin1(a, b) && !(a.Feature == "country" || b.Feature == "country"))
            return false;
        if (a.Country is not null && b.Country is not null && !string.Equals(a.Country, b.Country, StringComparison.OrdinalIgnoreCase))
            return false;
        if (!CompatibleActors(a, b)) return false;
        return WordJaccard(a.Evidence, b.Evidence) >= EvidenceOverlap;
    }

    /// <summary>Same first actor (name, or country and sector where both are known), or one of them unknown.</summary>
    public static bool CompatibleActors(EventFacts a, EventFacts b)
    {
        if (!a.HasActor1 || !b.HasActor1) return true;
        if (a.Actor1Name is not null && string.Equals(a.Actor1Name, b.Actor1Name, StringComparison.OrdinalIgnoreCase)) return true;
        return Agree(a.Actor1Country, b.Actor1Country) && Agree(a.Actor1Sector, b.Actor1Sector);
    }

    /// <summary>Great-circle distance in km (haversine, mean Earth radius).</summary>
    public static double DistanceKmBetween(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0088;
        double dLat = double.DegreesToRadians(lat2 - lat1), dLon = double.DegreesToRadians(lon2 - lon1);
        double h = Math.Pow(Math.Sin(dLat / 2), 2) +
                   Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>A latitude/longitude box that holds every point within <see cref="DistanceKm"/> of (lat, lon), for an index look-up.</summary>
    public static (double MinLat, double MaxLat, double MinLon, double MaxLon) SearchBox(double lat, double lon)
    {
        double dLat = DistanceKm / 111.0;
        double cos = Math.Cos(double.DegreesToRadians(Math.Min(89.0, Math.Abs(lat) + dLat)));
        double dLon = cos < 0.01 ? 360 : DistanceKm / (111.32 * cos);
        // Near the poles or across the antimeridian the box would wrap: search every longitude.
        if (lon - dLon < -180 || lon + dLon > 180) return (lat - dLat, lat + dLat, -180, 180);
        return (lat - dLat, lat + dLat, lon - dLon, lon + dLon);
    }

    /// <summary>Jaccard similarity of the two texts' sets of lower-cased words.</summary>
    public static double WordJaccard(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return 0;
        var wa = Words(a);
        var wb = Words(b);
        if (wa.Count == 0 || wb.Count == 0) return 0;
        int common = wa.Count(wb.Contains);
        return common / (double)(wa.Count + wb.Count - common);
    }

    private static HashSet<string> Words(string text) => new(TextWords.Lower(text), StringComparer.Ordinal);

    private static bool NearOrSameAdmin1(EventFacts a, EventFacts b)
    {
        if (a.Admin1 is not null && a.Country is not null &&
            string.Equals(a.Admin1, b.Admin1, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(a.Country, b.Country, StringComparison.OrdinalIgnoreCase))
            return true;
        return a.HasPoint && b.HasPoint &&
               DistanceKmBetween(a.Latitude!.Value, a.Longitude!.Value, b.Latitude!.Value, b.Longitude!.Value) <= DistanceKm;
    }

    private static bool Agree(string? x, string? y) =>
        x is null || y is null || string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyDictionary<string, (string, int)> LoadTypes()
    {
        var types = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in TsvReader.Read(RepositoryPaths.Data("dedup", "plover_types.tsv")))
        {
            if (row.Get("plover") is not { } plover) continue;
            int quad = int.TryParse(row.Get("quad"), System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 0;
            types[plover] = (row.Get("family") ?? plover.ToUpperInvariant(), quad);
        }
        return types;
    }
}
