using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>Fills sentences, tokens, entities, time expressions and quantities.</summary>
public sealed class LanguageStage : IPipelineStage
{
    public string Name => StageNames.Language;

    public void Process(Document document)
    {
    }
}
