using Sitrep.Core;

namespace Sitrep.Storage;

/// <summary>Persists processed documents and their events.</summary>
public interface IEventStore : IDisposable
{
    /// <summary>Stores the article and its events; returns false when the same article was already stored.</summary>
    bool Save(Document document);
}

/// <summary>The pipeline's last stage: hands each successfully processed document to a store.</summary>
public sealed class StoreStage(IEventStore store) : IPipelineStage
{
    public string Name => StageNames.Store;

    public void Process(Document document)
    {
        if (document.Article is not null) store.Save(document);
    }
}
