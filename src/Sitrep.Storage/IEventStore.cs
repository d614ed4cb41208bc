using Sitrep.Core;

namespace Sitrep.Storage;

/// <summary>Persists processed documents and their events.</summary>
public interface IEventStore : IDisposable
{
    /// <summary>Stores the article and its events; returns false when the same article was already stored.</summary>
    bool Save(Document document);

    /// <summary>
    /// Stores many documents in one transaction. A document that fails is rolled back alone and
    /// reported; the others are kept.
    /// </summary>
    SaveBatchResult SaveBatch(IEnumerable<Document> documents);

    /// <summary>Every stored event, ordered by event date (undated last), article id and ordinal.</summary>
    IEnumerable<StoredEvent> ReadEvents();
}

/// <summary>What became of one document handed to a store.</summary>
public enum SaveOutcome
{
    /// <summary>A new article: it and its events were written.</summary>
    Stored,
    /// <summary>The same article (same normalised text) was already stored: nothing written.</summary>
    Duplicate,
    /// <summary>A failed document or one without an article: nothing to store.</summary>
    Skipped,
}

public sealed record StoreFailure(string DocumentId, string Message);

public sealed record SaveBatchResult(int Stored, int Duplicates, int Skipped, IReadOnlyList<StoreFailure> Failures);

/// <summary>The pipeline's last stage: hands each successfully processed document to a store.</summary>
public sealed class StoreStage(IEventStore store) : IPipelineStage
{
    public string Name => StageNames.Store;

    public void Process(Document document)
    {
        if (document.Article is not null) store.Save(document);
    }
}
