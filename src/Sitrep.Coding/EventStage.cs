using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>Finds event triggers in each sentence and codes them in PLOVER, ACLED and CAMEO.</summary>
public sealed class EventStage : IPipelineStage
{
    public string Name => StageNames.Events;

    public void Process(Document document)
    {
    }
}
