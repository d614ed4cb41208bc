using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>Finds place names, resolves them to GeoNames entries and places each event.</summary>
public sealed class GeocodingStage : IPipelineStage
{
    public string Name => StageNames.Geocoding;

    public void Process(Document document)
    {
    }
}
