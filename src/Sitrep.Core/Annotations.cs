namespace Sitrep.Core;

/// <summary>A half-open range [Start, End) of UTF-16 code units in the article text.</summary>
public interface ISpan
{
    int Start { get; }
    int End { get; }
}

public readonly record struct TextSpan(int Start, int End) : ISpan
{
    public int Length => End - Start;
    public bool Contains(int offset) => offset >= Start && offset < End;
    public bool Overlaps(ISpan other) => Start < other.End && other.Start < End;
}

public sealed record Sentence(int Start, int End) : ISpan;

public enum TokenKind { Word, Number, Punctuation, Symbol }

public sealed record Token(int Start, int End, string Text, TokenKind Kind) : ISpan
{
    /// <summary>Lower-cased text, for dictionary look-ups.</summary>
    public string Lower { get; } = Text.ToLowerInvariant();

    public bool IsCapitalized => Text.Length > 0 && char.IsUpper(Text[0]);
}

public static class EntityTypes
{
    public const string Person = "PER";
    public const string Organization = "ORG";
    public const string Location = "LOC";
    public const string GeoPolitical = "GPE";
    public const string Nationality = "NORP";
    public const string Misc = "MISC";
}

public sealed record EntityMention(int Start, int End, string Text, string Type) : ISpan;

public enum DatePrecision { Day, Week, Month, Year, Range, Unknown }

/// <summary>A time expression with its TIMEX3 type and value, resolved against the publication date.</summary>
public sealed record TimeExpression(int Start, int End, string Text, string Type, string Value) : ISpan
{
    /// <summary>The first day the expression points at, when it names a calendar date.</summary>
    public DateOnly? Date { get; init; }

    public DatePrecision Precision { get; init; } = DatePrecision.Unknown;
}

/// <summary>A count of people or things, with what it counts.</summary>
public sealed record Quantity(int Start, int End, string Text, long Value) : ISpan
{
    /// <summary>"at least", "more than", "about", "dozens"... or null.</summary>
    public string? Modifier { get; init; }

    /// <summary>The counted noun's head, e.g. "people", "fighters", "civilians".</summary>
    public string? Noun { get; init; }

    /// <summary>What happened to them: killed, injured, evacuated, displaced, arrested, protesters... or null.</summary>
    public string? Role { get; init; }

    /// <summary>True for running totals ("300,000 people have been killed in the war").</summary>
    public bool Cumulative { get; init; }

    /// <summary>True when the quantity is part of a larger one ("including more than 4,000 fighters").</summary>
    public bool Subset { get; init; }
}

/// <summary>A place named in the text and what it resolved to.</summary>
public sealed record PlaceMention(int Start, int End, string Text, Place Place) : ISpan;

/// <summary>A gazetteer entry. Feature is one of country, admin1, admin2, city, other.</summary>
public sealed record Place(string Name, string? Country, string? Admin1, double Latitude, double Longitude, long? GeonamesId, string Feature)
{
    public long Population { get; init; }
}

/// <summary>An actor as the record shows it.</summary>
public sealed record Actor(string Name, string? Country, string? Sector, string? Code);

/// <summary>A mention of an actor in the text, resolved through the actor dictionary.</summary>
public sealed record ActorMention(int Start, int End, string Text, Actor Actor) : ISpan
{
    /// <summary>True for generic agents ("rebels", "the army") resolved without a named entry.</summary>
    public bool Generic { get; init; }

    /// <summary>person, organization, group, generic, country or institution: guides pronoun resolution.</summary>
    public string? Kind { get; init; }
}

public sealed record AcledType(string EventType, string SubEventType);

/// <summary>
/// One coded event. The event stage sets type, trigger and argument regions; the actor stage fills
/// actors; the geo stage fills the location.
/// </summary>
public sealed class EventRecord
{
    public required string Id { get; set; }
    public required string Plover { get; set; }
    public string? PloverMode { get; set; }
    public string? Cameo { get; set; }
    public AcledType? Acled { get; set; }

    public DateOnly? Date { get; set; }
    public DatePrecision DatePrecision { get; set; } = DatePrecision.Unknown;

    /// <summary>The word or phrase that states the event ("evacuated", "recapture").</summary>
    public required TextSpan Trigger { get; set; }

    /// <summary>Where the acting party is named (for the actor stage), and where the recipient is.</summary>
    public TextSpan? AgentRegion { get; set; }
    public TextSpan? PatientRegion { get; set; }

    /// <summary>Passive voice: the agent is the by-phrase in <see cref="PatientRegion"/>, the recipient the subject.</summary>
    public bool Passive { get; set; }

    /// <summary>Where the speaker is named when the event is a statement ("X said ..."): the speaker is actor1.</summary>
    public TextSpan? SpeakerRegion { get; set; }

    /// <summary>A noun trigger ("the recapture of X by Y"): the agent is a by-phrase or a modifier before it.</summary>
    public bool Nominal { get; set; }

    /// <summary>A verb trigger used as a noun, after a determiner or possessive ("their support", "the latest release"): a mention, as a noun trigger is.</summary>
    public bool ReadAsNoun { get; set; }

    /// <summary>
    /// Other words of the sentence say that a noun trigger's event took place ("staged a demonstration",
    /// or the stones thrown at one): it is reported, not merely mentioned.
    /// </summary>
    public bool Corroborated { get; set; }

    /// <summary>For a noun trigger: its pre-modifiers ("Russian" in "Russian air strikes"), which may name the agent.</summary>
    public TextSpan? ModifierRegion { get; set; }

    /// <summary>For a noun trigger such as "withdrawal": the of-phrase names who acts, not who is acted on.</summary>
    public bool OfPhraseIsAgent { get; set; }

    /// <summary>A participle phrase ("after meeting X, the minister said") whose agent is the main clause's subject.</summary>
    public bool AgentIsMainSubject { get; set; }

    public ActorMention? Actor1 { get; set; }
    public ActorMention? Actor2 { get; set; }
    public PlaceMention? Location { get; set; }

    public int? Fatalities { get; set; }
    public int? Injured { get; set; }
    public int? Size { get; set; }

    /// <summary>The sentence(s) that state the event.</summary>
    public required TextSpan Evidence { get; set; }

    public double Confidence { get; set; }

    /// <summary>True when negated ("denied attacking"): kept for audit, not exported as an event.</summary>
    public bool Negated { get; set; }
}
