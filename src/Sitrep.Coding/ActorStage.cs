using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>Resolves the parties of each event to actors from the actor dictionary.</summary>
public sealed class ActorStage : IPipelineStage
{
    public string Name => StageNames.Actors;

    public void Process(Document document)
    {
    }
}
