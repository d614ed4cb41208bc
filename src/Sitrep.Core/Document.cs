namespace Sitrep.Core;

/// <summary>
/// One news document as it flows through the pipeline. Stages fill its layers in one direction:
/// the source is read, an article is extracted, then each later stage adds typed spans whose
/// offsets index <see cref="ArticleInfo.Text"/> (UTF-16 code units, end exclusive).
/// </summary>
public sealed class Document
{
    public Document(string id, SourceDocument source)
    {
        Id = id;
        Source = source;
    }

    /// <summary>The JSONL id, or the file path as given.</summary>
    public string Id { get; }

    public SourceDocument Source { get; private set; }

    /// <summary>Set by the article stage; null until then or when extraction failed.</summary>
    public ArticleInfo? Article { get; set; }

    /// <summary>The article text, or empty before the article stage.</summary>
    public string Text => Article?.Text ?? string.Empty;

    public List<Sentence> Sentences { get; } = [];
    public List<Token> Tokens { get; } = [];
    public List<EntityMention> Entities { get; } = [];
    public List<TimeExpression> Times { get; } = [];
    public List<Quantity> Quantities { get; } = [];
    public List<PlaceMention> Places { get; } = [];
    public List<ActorMention> Actors { get; } = [];
    public List<EventRecord> Events { get; } = [];

    /// <summary>A fatal, per-document error: the record is emitted with it and later stages are skipped.</summary>
    public DocumentError? Error { get; set; }

    /// <summary>Non-fatal problems, such as a stage that failed while the others ran on.</summary>
    public List<DocumentError> Warnings { get; } = [];

    public bool Failed => Error is not null;

    /// <summary>The sentence that contains <paramref name="offset"/>, or null.</summary>
    public Sentence? SentenceAt(int offset)
    {
        int lo = 0, hi = Sentences.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            var s = Sentences[mid];
            if (offset < s.Start) hi = mid - 1;
            else if (offset >= s.End) lo = mid + 1;
            else return s;
        }
        return null;
    }

    /// <summary>For each sentence, the half-open range [First, End) of the token indexes inside it.</summary>
    public List<(Sentence Sentence, int First, int End)> SentenceTokenRanges()
    {
        var ranges = new List<(Sentence, int, int)>(Sentences.Count);
        int t = 0;
        foreach (var sentence in Sentences)
        {
            while (t < Tokens.Count && Tokens[t].Start < sentence.Start) t++;
            int first = t;
            while (t < Tokens.Count && Tokens[t].Start < sentence.End) t++;
            ranges.Add((sentence, first, t));
        }
        return ranges;
    }

    public string Slice(int start, int end) => Text[start..end];

    /// <summary>
    /// Drops the raw page and the working layers (tokens, sentences, mentions) once the record is written,
    /// keeping the article, events and errors. Documents that wait for a store batch then hold kilobytes,
    /// not the megabytes of a parsed page, and the garbage collector stops copying them between generations.
    /// </summary>
    public void ReleaseWorkingLayers()
    {
        Source = Source with { Html = null, PageText = null, ArticleText = null };
        Empty(Sentences);
        Empty(Tokens);
        Empty(Entities);
        Empty(Times);
        Empty(Quantities);
        Empty(Places);
        Empty(Actors);

        static void Empty<T>(List<T> layer)
        {
            layer.Clear();
            layer.TrimExcess();
        }
    }
}

/// <summary>What the input gave: HTML, scraped page text, or text that is already the article.</summary>
public sealed record SourceDocument
{
    public string? Html { get; init; }

    /// <summary>Scraped page text, chrome included; the article stage cleans it.</summary>
    public string? PageText { get; init; }

    /// <summary>Text given as the article itself (JSONL "text"): used exactly as given.</summary>
    public string? ArticleText { get; init; }

    public string? Url { get; init; }

    /// <summary>A publication date supplied by the input or the command line.</summary>
    public DateOnly? Published { get; init; }

    /// <summary>Size of the raw input in bytes, for reporting.</summary>
    public long ByteLength { get; init; }
}

public sealed record ArticleInfo
{
    public string? Title { get; init; }
    public required string Text { get; init; }
    public DateOnly? Published { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Outlet { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string> Credits { get; init; } = [];
}

public sealed record DocumentError(string Code, string Message, string? Stage = null);

/// <summary>Thrown by a stage when the document cannot be processed at all (empty, binary, too large...).</summary>
public sealed class DocumentRejectedException(string code, string message, ArticleInfo? metadataOnly = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>What could still be read without a body (a page's title and date), reported with the error.</summary>
    public ArticleInfo? MetadataOnly { get; } = metadataOnly;
}
