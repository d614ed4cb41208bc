using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>Finds place names, resolves them to GeoNames entries and places each event.</summary>
public sealed class GeocodingStage : IPipelineStage
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

    public void Process(Document document)
    {
        if (document.Text.Length == 0 || document.Tokens.Count == 0) return;
        var gazetteer = _gazetteer.Value;
        var toponyms = new ToponymDetector(gazetteer, DetectionLexicon.Default, AdminTerms.Default).Detect(document);
        var places = new ToponymResolver(gazetteer).Resolve(document, toponyms);
        document.Places.AddRange(places);
        EventLocator.LocateAll(document);
    }
}
