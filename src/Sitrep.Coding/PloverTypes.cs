using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>What data/coding/plover_types.tsv says of each PLOVER type.</summary>
internal static class PloverTypes
{
    private static readonly Lazy<List<IReadOnlyDictionary<string, string>>> Rows = new(() =>
        TsvReader.Read(RepositoryPaths.Data("coding", "plover_types.tsv")).ToList());

    private static readonly Lazy<HashSet<string>> NeedPartySet = new(() => TypesWhere("needs_party", "yes"));
    private static readonly Lazy<HashSet<string>> KeptOffDomainSet = new(() => TypesWhere("off_domain_story", "keep"));

    /// <summary>Verbal and cooperative types: an event needs a party, or a sentence that names someone.</summary>
    public static bool NeedsParty(string plover) => NeedPartySet.Value.Contains(plover);

    /// <summary>Types that stand in a sport, entertainment or consumer story with no counted people.</summary>
    public static bool KeptInOffDomainStory(string plover) => KeptOffDomainSet.Value.Contains(plover);

    private static HashSet<string> TypesWhere(string column, string value) =>
        Rows.Value.Where(r => r[column] == value).Select(r => r["type"]).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Entity look-ups over a span of a document's text.</summary>
internal static class EntitySpans
{
    /// <summary>Whether an entity of one of <paramref name="types"/> lies wholly within the span.</summary>
    public static bool AnyWithin(Document doc, TextSpan span, IReadOnlySet<string> types) =>
        doc.Entities.Exists(e => e.Start >= span.Start && e.End <= span.End && types.Contains(e.Type));
}
