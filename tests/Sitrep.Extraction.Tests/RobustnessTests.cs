using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sitrep.Core;

namespace Sitrep.Extraction.Tests;

/// <summary>Untrusted pages: each gives a result or a per-document rejection, never another exception.</summary>
public class RobustnessTests
{
    private static ArticleInfo? TryExtract(string html)
    {
        try
        {
            return ArticleExtractor.Extract(new SourceDocument { Html = html });
        }
        catch (DocumentRejectedException)
        {
            return null;
        }
    }

    [Fact]
    public void Fifty_megabyte_page_gives_its_article()
    {
        var filler = new StringBuilder(52_000_000);
        filler.Append("<html><body><article><p>").Append(TestPages.Para1).Append("</p><p>").Append(TestPages.Para2).Append("</p></article>");
        while (filler.Length < 50_000_000) filler.Append("<div class=\"teaser\"><a href=\"/x\">More news from the region</a></div>\n");
        filler.Append("</body></html>");
        var article = TryExtract(filler.ToString());
        Assert.NotNull(article);
        Assert.Contains(TestPages.Para1, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_unclosed_nesting_of_mixed_tags_finishes()
    {
        var sb = new StringBuilder("<html><body>");
        string[] tags = ["div", "span", "section", "b", "table", "em"];
        for (int i = 0; i < 100_000; i++) sb.Append('<').Append(tags[i % tags.Length]).Append('>');
        sb.Append("<p>").Append(TestPages.Para1).Append("</p><p>").Append(TestPages.Para3).Append("</p>");
        var article = TryExtract(sb.ToString());
        Assert.NotNull(article);
        Assert.Contains(TestPages.Para3, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_data_posing_as_html_is_a_rejection_or_a_result()
    {
        var random = new Random(7);
        var bytes = new byte[2_000_000];
        random.NextBytes(bytes);
        var html = "<html><body>" + Encoding.Latin1.GetString(bytes) + "</body></html>";
        var ex = Record.Exception(() => ArticleExtractor.Extract(new SourceDocument { Html = html }));
        Assert.True(ex is null or DocumentRejectedException, ex?.ToString());
    }

    [Theory]
    [InlineData("<html><body><p>Unclosed <b>bold <i>italic <p>" + TestPages.Para2 + "<p>" + TestPages.Para4)]
    [InlineData("<<<>>><p>>" + TestPages.Para2 + "</div></div></span></p></p><p>" + TestPages.Para4 + "<!-- never closed")]
    [InlineData("<table><tr><td><p>" + TestPages.Para2 + "<td><p>" + TestPages.Para4 + "</table></table><script>var s = '</p>';")]
    public void Broken_markup_keeps_its_prose(string html)
    {
        var article = TryExtract(html);
        Assert.NotNull(article);
        Assert.Contains(TestPages.Para2, article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para4, article.Text, StringComparison.Ordinal);
    }

    private static readonly string[] _tags = ["div", "p", "span", "a", "article", "main", "nav", "ul", "li", "h1", "h2", "table", "td", "script", "style", "figure", "figcaption", "time", "footer", "section", "br", "img", "form", "iframe", "svg", "template"];
    private static readonly string[] _attributes = ["", " class=\"content\"", " class=\"comment\"", " id=\"nav\"", " hidden", " style=\"display:none\"", " role=\"navigation\"", " itemprop=\"datePublished\" content=\"2021-02-30\"", " datetime=\"9999-99-99\"", " class=\"date\"", " href=\"/2020/13/45/x\""];
    private static readonly string[] _texts = ["", " ", TestPages.Para1, "Share", "12.13.2020", "31. Februar 2021", "Ã©tÃ© â€™", "&amp;&lt;&#0;&#x110000;", "\u0000\uFFFE\uD800", "By JANE DOE | 3 hours ago", "Advertisement", "<", ">", "\"", "{\"@type\":\"NewsArticle\",\"datePublished\":", "<![CDATA[", "-->", "<!--"];

    private static Gen<string> Fragment(int depth) =>
        depth <= 0
            ? Gen.Elements(_texts)
            : Gen.OneOf(
                Gen.Elements(_texts),
                from tag in Gen.Elements(_tags)
                from attr in Gen.Elements(_attributes)
                from count in Gen.Choose(0, 4)
                from children in Fragment(depth - 1).ListOf(count)
                from closed in Gen.Elements(true, true, false)
                select $"<{tag}{attr}>{string.Concat(children)}{(closed ? $"</{tag}>" : "")}");

    private static readonly Arbitrary<string> _pages =
        (from head in Gen.Elements("", "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2021\"", "<meta property=\"article:published_time\" content=\"x\">", "<title>A | B - C</title>")
         from count in Gen.Choose(0, 6)
         from body in Fragment(4).ListOf(count)
         select $"<html><head>{head}</head><body>{string.Concat(body)}</body></html>").ToArbitrary();

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Generated_markup_gives_a_result_or_a_rejection() =>
        Prop.ForAll(_pages, html =>
        {
            var ex = Record.Exception(() => ArticleExtractor.Extract(new SourceDocument { Html = html }));
            return ex is null or DocumentRejectedException;
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Extracted_text_has_no_markup_and_normalised_spaces() =>
        Prop.ForAll(_pages, html =>
        {
            var article = TryExtract(html);
            return article is null || (!article.Text.Contains("<p>", StringComparison.Ordinal) && !article.Text.Contains("  ", StringComparison.Ordinal) && article.Text == article.Text.Trim());
        });
}
