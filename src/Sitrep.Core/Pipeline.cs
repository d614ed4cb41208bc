using System.Collections.Immutable;

namespace Sitrep.Core;

/// <summary>One step of the pipeline. A stage reads the layers earlier stages filled and adds its own.</summary>
public interface IPipelineStage
{
    /// <summary>A stable name, used to replace the stage or insert others around it.</summary>
    string Name { get; }

    void Process(Document document);
}

/// <summary>
/// A stage whose models and word lists cover some languages only. A document whose article is in another
/// identified language skips it, with one warning, rather than being coded with another language's
/// dictionaries (German nouns read as English places, say). Unidentified text runs every stage.
/// </summary>
public interface ILanguageScopedStage : IPipelineStage
{
    /// <summary>ISO 639-1 codes of the languages the stage understands.</summary>
    IReadOnlySet<string> Languages { get; }
}

/// <summary>Language sets for <see cref="ILanguageScopedStage"/>.</summary>
public static class StageLanguages
{
    /// <summary>The built-in models and lexicons are English.</summary>
    public static readonly IReadOnlySet<string> English = System.Collections.Frozen.FrozenSet.ToFrozenSet(["en"], StringComparer.Ordinal);
}

/// <summary>The names of the built-in stages, in their default order.</summary>
public static class StageNames
{
    public const string Article = "article";
    public const string Language = "language";
    public const string Events = "events";
    public const string Actors = "actors";
    public const string Geocoding = "geocoding";
    public const string Store = "store";
}

/// <summary>
/// An immutable sequence of stages. A stage that throws <see cref="DocumentRejectedException"/>
/// fails its document and skips the rest; any other exception is recorded as a warning and the
/// remaining stages still run. Nothing one document does can stop the next one. Language-scoped
/// stages skip articles in languages they do not cover.
/// </summary>
public sealed class Pipeline
{
    internal Pipeline(ImmutableArray<IPipelineStage> stages) => Stages = stages;

    public ImmutableArray<IPipelineStage> Stages { get; }

    /// <summary>False when the stage is language-scoped and the article is in an identified language it does not cover.</summary>
    public static bool Covers(IPipelineStage stage, Document document) =>
        stage is not ILanguageScopedStage scoped || document.Article?.Language is not { } language || scoped.Languages.Contains(language);

    public Document Process(Document document)
    {
        List<string>? skipped = null;
        foreach (var stage in Stages)
        {
            if (document.Failed) break;
            if (!Covers(stage, document))
            {
                (skipped ??= []).Add(stage.Name);
                continue;
            }
            try
            {
                stage.Process(document);
            }
            catch (DocumentRejectedException rejected)
            {
                document.Error = new DocumentError(rejected.Code, rejected.Message, stage.Name);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An article with no text leaves nothing for later stages to work on.
                if (document.Article is null)
                    document.Error = new DocumentError("stage_failed", $"{stage.Name}: {ex.Message}", stage.Name);
                else
                    document.Warnings.Add(new DocumentError("stage_failed", $"{ex.GetType().Name}: {ex.Message}", stage.Name));
            }
        }
        if (skipped is not null)
            document.Warnings.Add(new DocumentError("language_not_covered",
                $"The article is in '{document.Article!.Language}', which the {string.Join(", ", skipped)} stages do not cover: only the article is given."));
        return document;
    }
}

/// <summary>
/// Assembles a <see cref="Pipeline"/>. Stages are added in order, and can be replaced, removed or
/// inserted relative to a named one. <see cref="Build"/> freezes the result.
/// </summary>
public sealed class PipelineBuilder
{
    private readonly List<IPipelineStage> _stages = [];

    public IReadOnlyList<string> StageNames => _stages.Select(s => s.Name).ToList();

    public PipelineBuilder Use(IPipelineStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        EnsureAbsent(stage.Name);
        _stages.Add(stage);
        return this;
    }

    public PipelineBuilder InsertBefore(string existing, IPipelineStage stage)
    {
        EnsureAbsent(stage.Name);
        _stages.Insert(IndexOf(existing), stage);
        return this;
    }

    public PipelineBuilder InsertAfter(string existing, IPipelineStage stage)
    {
        EnsureAbsent(stage.Name);
        _stages.Insert(IndexOf(existing) + 1, stage);
        return this;
    }

    public PipelineBuilder Replace(string existing, IPipelineStage stage)
    {
        int index = IndexOf(existing);
        if (stage.Name != existing) EnsureAbsent(stage.Name);
        _stages[index] = stage;
        return this;
    }

    public PipelineBuilder Remove(string existing)
    {
        _stages.RemoveAt(IndexOf(existing));
        return this;
    }

    public bool Contains(string name) => _stages.Any(s => s.Name == name);

    public Pipeline Build() => new([.. _stages]);

    private int IndexOf(string name)
    {
        int index = _stages.FindIndex(s => s.Name == name);
        if (index < 0) throw new InvalidOperationException($"No stage named '{name}' in the pipeline.");
        return index;
    }

    private void EnsureAbsent(string name)
    {
        if (Contains(name)) throw new InvalidOperationException($"A stage named '{name}' is already in the pipeline.");
    }
}
