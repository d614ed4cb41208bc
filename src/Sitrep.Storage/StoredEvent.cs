using Sitrep.Core;

namespace Sitrep.Storage;

/// <summary>One row of the events table, with the article fields and sources exports need.</summary>
public sealed record StoredEvent
{
    public required string EventId { get; init; }
    public required string ArticleId { get; init; }
    public int Ordinal { get; init; }

    public required string Plover { get; init; }
    public string? PloverMode { get; init; }
    public string? Cameo { get; init; }
    public string? AcledEventType { get; init; }
    public string? AcledSubEventType { get; init; }

    public DateOnly? EventDate { get; init; }
    public DatePrecision DatePrecision { get; init; } = DatePrecision.Unknown;

    public string? Actor1Text { get; init; }
    public string? Actor1Name { get; init; }
    public string? Actor1Country { get; init; }
    public string? Actor1Sector { get; init; }
    public string? Actor1Code { get; init; }

    public string? Actor2Text { get; init; }
    public string? Actor2Name { get; init; }
    public string? Actor2Country { get; init; }
    public string? Actor2Sector { get; init; }
    public string? Actor2Code { get; init; }

    public string? LocationText { get; init; }
    public string? LocationName { get; init; }
    public string? LocationCountry { get; init; }
    public string? LocationAdmin1 { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public long? GeonamesId { get; init; }
    /// <summary>country, admin1, admin2, city or other.</summary>
    public string? LocationFeature { get; init; }

    public int? Fatalities { get; init; }
    public int? Injured { get; init; }
    public int? Size { get; init; }

    public required string EvidenceText { get; init; }
    public int EvidenceStart { get; init; }
    public int EvidenceEnd { get; init; }
    public double Confidence { get; init; }

    /// <summary>The event in the INTERFACE.md shape, its "id" being <see cref="EventId"/>.</summary>
    public required string RecordJson { get; init; }

    /// <summary>The event cluster (one real-world event): the smallest event id among its reports.</summary>
    public string? ClusterId { get; init; }

    /// <summary>The near-duplicate article cluster: the smallest article id among the copies.</summary>
    public string? ArticleClusterId { get; init; }

    // From the article.
    public string? Outlet { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Credits { get; init; } = [];

    /// <summary>
    /// The documents that carry this row: for a report, every copy of its article; for a unique
    /// event, every copy of every article that reported it. One per URL (or document key).
    /// </summary>
    public IReadOnlyList<EventSource> Sources { get; init; } = [];
}

/// <summary>One document (outlet and URL) that reported an event.</summary>
public sealed record EventSource(string DocumentKey, string? Outlet, string? Url, string? Title, DateOnly? Published,
    string ArticleId, string EventId);
