using Sitrep.Core;

namespace Sitrep.Extraction.Tests;

public class PageTextTests
{
    private static ArticleInfo FromPage(string text, DateOnly? published = null) =>
        ArticleExtractor.Extract(new SourceDocument { PageText = text, Published = published });

    private static readonly string WireStory = string.Join("\n", [
        "Skip to main content",
        "Menu",
        "Search",
        "Breaking News",
        "World",
        "Rebels Shell Port City As Ceasefire Talks Collapse",
        "By Maria Okafor and Dev Raman",
        "March 3, 2022",
        "Fishing boats burn in the harbour after overnight shelling.",
        "",
        "Fishing boats burn in the harbour after overnight shelling.",
        "Share",
        "Print",
        TestPages.Para1,
        "",
        TestPages.Para2,
        "Advertisement",
        TestPages.Para3,
        "",
        TestPages.Subhead,
        "",
        TestPages.Para4,
        "",
        TestPages.Para5,
        "",
        "Reporting by Maria Okafor in Lagos; Editing by Dev Raman",
        "• 4x3 Image",
        "Related",
        "Ceasefire Talks Resume In Geneva",
        "Our journalists report from 40 countries. We provide independent news to millions of readers every week.",
        "Sign up for our newsletter to get the top stories every morning.",
        "To find out more, click here.",
    ]);

    [Fact]
    public void Body_runs_from_first_to_last_story_paragraph()
    {
        var article = FromPage(WireStory);
        Assert.StartsWith(TestPages.Para1, article.Text, StringComparison.Ordinal);
        Assert.EndsWith(TestPages.Para5, article.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n" + TestPages.Subhead + "\n\n", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Skip to main content")]
    [InlineData("Breaking News")]
    [InlineData("Fishing boats burn")]
    [InlineData("Advertisement")]
    [InlineData("Reporting by")]
    [InlineData("4x3 Image")]
    [InlineData("Our journalists")]
    [InlineData("Sign up")]
    [InlineData("click here")]
    [InlineData("Share")]
    public void Chrome_is_not_in_the_body(string chrome)
    {
        Assert.DoesNotContain(chrome, FromPage(WireStory).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_byline_date_and_credits_come_from_the_header_and_credit_line()
    {
        var article = FromPage(WireStory, new DateOnly(2030, 1, 1));
        Assert.Equal("Rebels Shell Port City As Ceasefire Talks Collapse", article.Title);
        Assert.Equal(["Maria Okafor", "Dev Raman"], article.Authors);
        Assert.Equal(new DateOnly(2022, 3, 3), article.Published);
        Assert.Equal(["Maria Okafor", "Dev Raman"], article.Credits);
        Assert.Null(article.Outlet);
        Assert.Equal("en", article.Language);
    }

    [Fact]
    public void Outlet_voice_after_the_last_paragraph_is_dropped_without_a_credit_line()
    {
        var page = string.Join("\n\n", [
            "Flood Waters Rise Along The River Delta",
            TestPages.Para1, TestPages.Para2, TestPages.Para3,
            "Our reporters are on the ground across the region. Support our journalism and subscribe to our newsletter today.",
            "We use cookies to give you the best experience on our website.",
        ]);
        var article = FromPage(page);
        Assert.EndsWith(TestPages.Para3, article.Text, StringComparison.Ordinal);
        Assert.Equal("Flood Waters Rise Along The River Delta", article.Title);
    }

    [Fact]
    public void Supplied_date_is_used_when_the_page_has_none()
    {
        var page = string.Join("\n", ["Flood Waters Rise Along The River Delta", TestPages.Para1, TestPages.Para2]);
        Assert.Equal(new DateOnly(2019, 6, 1), FromPage(page, new DateOnly(2019, 6, 1)).Published);
    }

    [Fact]
    public void Page_of_menu_words_is_rejected_as_no_article()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => FromPage("Home\nWorld\nSport\nWeather\nSign in"));
        Assert.Equal("no_article", ex.Code);
    }

    [Fact]
    public void Seed_page_meets_acceptance()
    {
        var path = SeedPath("aleppo-2016-rferl.txt");
        var article = FromPage(File.ReadAllText(path));
        Assert.StartsWith("The Syrian Army said it has taken complete control of Aleppo", article.Text, StringComparison.Ordinal);
        Assert.EndsWith("an eventual political settlement.", article.Text, StringComparison.Ordinal);
        foreach (var chrome in new[] { "Accessibility links", "Breaking News", "16x9 Image", "RFE/RL", "Russia-controlled", "Carlton Hotel", "With reporting by" })
            Assert.DoesNotContain(chrome, article.Text, StringComparison.Ordinal);
        Assert.Equal("Syria's Assad Claims 'Turning Point' In War With Takeover Of Aleppo", article.Title);
        Assert.Equal(["AP", "AFP", "Reuters"], article.Credits);
        Assert.Equal("en", article.Language);
    }

    private static string SeedPath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("shared/seeds not found above the test assembly", file);
    }
}
