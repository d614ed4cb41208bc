using Sitrep.Core;

namespace Sitrep.Storage;

/// <summary>
/// Persists processed documents and their events. Every document handed to it is recorded under
/// its key (<see cref="Document.Id"/>) in the same transaction as its article and events, so a
/// crash never leaves half a document and a rerun can skip what <see cref="IsProcessed"/> reports.
/// </summary>
public interface IEventStore : IDisposable
{
    /// <summary>Stores the document; true when a new article was written (false: already processed, duplicate article, or failed document).</summary>
    bool Save(Document document);

    /// <summary>
    /// Stores many documents in one transaction. A document that fails to store is rolled back
    /// alone and reported; the others are kept.
    /// </summary>
    SaveBatchResult SaveBatch(IEnumerable<Document> documents);

    /// <summary>True when a document with this key was saved before (stored, duplicate or failed): a resumed run skips it.</summary>
    bool IsProcessed(string documentKey);

    /// <summary>
    /// Stored events, ordered by event date (undated last), article id and ordinal:
    /// every report, or one row per real-world event with all its sources.
    /// </summary>
    IEnumerable<StoredEvent> ReadEvents(EventSelection selection);

    /// <summary>Every report (<see cref="EventSelection.All"/>).</summary>
    IEnumerable<StoredEvent> ReadEvents() => ReadEvents(EventSelection.All);
}

/// <summary>Which rows an export lists.</summary>
public enum EventSelection
{
    /// <summary>Every report: one row per event found in a stored article.</summary>
    All,
    /// <summary>One row per event cluster (one real-world event), listing every outlet and URL that reported it.</summary>
    Unique,
}

/// <summary>What became of one document handed to a store.</summary>
public enum SaveOutcome
{
    /// <summary>A new article: it and its events were written.</summary>
    Stored,
    /// <summary>The same article (same normalised text) was already stored: only the document (a new source) was recorded.</summary>
    Duplicate,
    /// <summary>A failed document or one without an article: recorded as processed, nothing else stored.</summary>
    Skipped,
    /// <summary>A document with this key was saved before: nothing written.</summary>
    AlreadyProcessed,
}

public sealed record StoreFailure(string DocumentId, string Message);

public sealed record SaveBatchResult(int Stored, int Duplicates, int Skipped, IReadOnlyList<StoreFailure> Failures)
{
    /// <summary>Documents whose key was already recorded: nothing written for them.</summary>
    public int AlreadyProcessed { get; init; }
}

/// <summary>The pipeline's last stage: hands each processed document to a store.</summary>
public sealed class StoreStage(IEventStore store) : IPipelineStage
{
    public string Name => StageNames.Store;

    public void Process(Document document)
    {
        if (document.Article is not null) store.Save(document);
    }
}
