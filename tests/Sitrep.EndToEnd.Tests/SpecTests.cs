using Sitrep.Cli;
using Sitrep.Core;

namespace Sitrep.EndToEnd.Tests;

/// <summary>Every story in Specs/*.md, through the default pipeline.</summary>
public class SpecTests
{
    private static readonly Pipeline Pipeline = SitrepPipeline.CreateDefaultBuilder().Build();

    public static TheoryData<string, string> Stories()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Specs, "*.md").Order(StringComparer.Ordinal))
            foreach (var story in SpecFile.Load(file))
                data.Add(story.File, story.Title);
        return data;
    }

    [Theory]
    [MemberData(nameof(Stories))]
    public void Story_is_coded_as_specified(string file, string title)
    {
        var story = SpecFile.Load(Path.Combine(TestPaths.Specs, file)).Single(s => s.Title == title);
        var doc = Pipeline.Process(new Document(title, new SourceDocument { ArticleText = story.Text, Published = story.Published }));
        Assert.Null(doc.Error);
        var failures = EventExpectations.Failures(doc, story.Expectations).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\ncoded:\n" + EventExpectations.Describe(doc));
    }

    /// <summary>Known gaps stay visible: a pending expectation that now holds should be promoted to expect.</summary>
    [Fact]
    public void Pending_expectations_still_fail()
    {
        foreach (var story in Directory.EnumerateFiles(TestPaths.Specs, "*.md").SelectMany(SpecFile.Load))
        {
            var pending = story.Expectations.Where(x => x.Pending).ToList();
            if (pending.Count == 0) continue;
            var doc = Pipeline.Process(new Document(story.Title, new SourceDocument { ArticleText = story.Text, Published = story.Published }));
            foreach (var x in pending)
                Assert.False(doc.Events.Any(e => !e.Negated && EventExpectations.Matches(e, x)), $"now passes, promote it: {x.Line}");
        }
    }

    [Fact]
    public void Spec_files_hold_stories_with_expectations()
    {
        var stories = Directory.EnumerateFiles(TestPaths.Specs, "*.md").SelectMany(SpecFile.Load).ToList();
        Assert.True(stories.Count >= 30, $"only {stories.Count} stories");
        Assert.All(stories, s => Assert.NotEmpty(s.Expectations));
    }
}
