using Sitrep.Core;

namespace Sitrep.Extraction.Tests;

public class SourceAndPartsTests
{
    [Fact]
    public void Given_article_text_is_kept_character_for_character()
    {
        const string text = "  Officials didnâ€™t  say.\r\n\nTroops  moved north on Monday, the army said, and more were expected within days.\n\nWith reporting by AP and Reuters\n";
        var article = ArticleExtractor.Extract(new SourceDocument { ArticleText = text, Published = new DateOnly(2020, 2, 2) });
        Assert.Equal(text, article.Text);
        Assert.Null(article.Title);
        Assert.Equal(new DateOnly(2020, 2, 2), article.Published);
        Assert.Equal(["AP", "Reuters"], article.Credits);
    }

    [Theory]
    [InlineData("", null, null)]
    [InlineData(null, "   \n ", null)]
    [InlineData(null, null, "\n\n  \n")]
    [InlineData(null, null, null)]
    public void Input_without_text_is_rejected_as_empty(string? articleText, string? html, string? pageText)
    {
        var ex = Assert.Throws<DocumentRejectedException>(() =>
            ArticleExtractor.Extract(new SourceDocument { ArticleText = articleText, Html = html, PageText = pageText }));
        Assert.Equal("empty", ex.Code);
    }

    [Fact]
    public void Stage_fills_the_article()
    {
        var stage = new ArticleStage();
        var document = new Document("d1", new SourceDocument { ArticleText = TestPages.Para1 });
        stage.Process(document);
        Assert.Equal("article", stage.Name);
        Assert.Equal(TestPages.Para1, document.Text);
    }

    [Theory]
    [InlineData("By JOHN SMITH and Jane Doe | Updated 3 hours ago", "John Smith|Jane Doe")]
    [InlineData("Hours Ago Josh Constine", "Josh Constine")]
    [InlineData("Written by Amal Haddad, Senior Correspondent, March 3, 2021", "Amal Haddad")]
    [InlineData("Pieter van der Berg & Ana de la Cruz", "Pieter van der Berg|Ana de la Cruz")]
    [InlineData("The Daily Meridian", "")]
    [InlineData("Reuters", "")]
    public void Bylines_are_cleaned(string raw, string expected)
    {
        var names = BylineCleaner.Clean([raw], outlet: "The Daily Meridian");
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), names);
    }

    [Theory]
    [InlineData("With reporting by AP, AFP, and Reuters", "AP|AFP|Reuters")]
    [InlineData("(Reporting by Omar Said in Cairo; Writing by Lena Hart; Editing by Paul Grey)", "Omar Said|Lena Hart|Paul Grey")]
    [InlineData("Additional reporting by Kim Lee", "Kim Lee")]
    [InlineData("Compiled by AFP and AP", "AFP|AP")]
    public void Credit_lines_are_parsed(string line, string expected)
    {
        Assert.Equal(expected.Split('|'), CreditsParser.Parse(line));
    }

    [Theory]
    [InlineData("The reporting by our team was thorough, but it took many months and cost a great deal.")]
    [InlineData("Reporters said the army had withdrawn.")]
    public void Prose_is_not_a_credit_line(string line)
    {
        Assert.Null(CreditsParser.Parse(line));
    }

    [Theory]
    [InlineData("en", "The government said on Monday that it would send more troops to the region after the attack, which killed at least ten people.")]
    [InlineData("fr", "Le gouvernement a annoncé lundi qu'il allait envoyer des troupes dans la région après l'attaque, qui a fait au moins dix morts.")]
    [InlineData("de", "Die Regierung hat am Montag angekündigt, dass sie nach dem Angriff mehr Truppen in die Region schicken wird, bei dem mindestens zehn Menschen starben.")]
    [InlineData("es", "El gobierno anunció el lunes que enviará más tropas a la región después del ataque, que dejó al menos diez muertos y muchos heridos.")]
    [InlineData("pt", "O governo anunciou na segunda-feira que vai enviar mais tropas para a região depois do ataque, que deixou pelo menos dez mortos.")]
    [InlineData("it", "Il governo ha annunciato lunedì che invierà altre truppe nella regione dopo l'attacco, che ha causato almeno dieci morti e molti feriti.")]
    [InlineData("ru", "Правительство заявило в понедельник, что направит в регион больше войск после нападения, в результате которого погибли не менее десяти человек.")]
    [InlineData("ar", "قال مسؤولون في الحكومة إن القوات وصلت إلى المدينة بعد الهجوم الذي وقع في السوق، وقد أعلنت الوزارة أن عدد القتلى ارتفع إلى عشرة.")]
    [InlineData("ja", "政府は月曜日、攻撃を受けて地域にさらに部隊を派遣すると発表した。少なくとも十人が死亡した。")]
    [InlineData("tr", "Hükümet pazartesi günü yaptığı açıklamada, saldırıdan sonra bölgeye daha fazla asker göndereceğini ve en az on kişinin öldüğünü bildirdi, ancak bu çok zor olacak.")]
    public void Language_is_identified(string expected, string text)
    {
        Assert.Equal(expected, LanguageIdentifier.Identify(text));
    }

    [Theory]
    [InlineData("Taiwan's Vice Foreign Minister visited Russia today, becoming the island's highest ranking official to visit Moscow since it was recognised by the West, and he said that it was a success.")]
    [InlineData("Al Mourabitoune group, a jihadist movement linked to al Qaeda has claimed responsibility for Friday’s attack on a hotel in Bamako.")]
    [InlineData("Results on Sunday : Women 's singles : S. Novak ( Czech Republic ) beat K. Sato ( Japan ) 6-4 6-3 . Men 's doubles : J. Ruiz and S. Moya ( Spain ) beat P. Haas and V. Stich ( Germany ) 7-5 6-2 .")]
    public void English_with_possessives_and_foreign_names_stays_English(string text)
    {
        // Split at the apostrophe, "Taiwan's" gave a Czech "s"; "a" and "to" are Czech words too.
        Assert.Equal("en", LanguageIdentifier.Identify(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Breaking News")]
    [InlineData("12345 67890")]
    public void Too_little_text_has_no_language(string text)
    {
        Assert.Null(LanguageIdentifier.Identify(text));
    }

    [Theory]
    [InlineData("donâ€™t", "don’t")]
    [InlineData("cafÃ© and crÃ¨me", "café and crème")]
    [InlineData("Ångström café – genuine", "Ångström café – genuine")]
    public void Mojibake_is_repaired_only_when_safe(string input, string expected)
    {
        Assert.Equal(expected, TextCleaner.RepairMojibake(input));
    }

    [Theory]
    [InlineData("Rebels seize airport | World News | The Daily Meridian", "The Daily Meridian", "Rebels seize airport")]
    [InlineData("Rebels seize airport after long siege - BBC News", null, "Rebels seize airport after long siege")]
    [InlineData("Ceasefire holds - for now, officials say", null, "Ceasefire holds - for now, officials say")]
    public void Title_suffixes_are_stripped(string raw, string? outlet, string expected)
    {
        Assert.Equal(expected, HtmlMetadata.StripTitleSuffix(raw, outlet));
    }

    [Theory]
    [InlineData("2016-12-22T10:00:00+03:00", 2016, 12, 22)]
    [InlineData("Thu, 22 Dec 2016 10:00:00 GMT", 2016, 12, 22)]
    [InlineData("December 22, 2016 10:30 AM EST", 2016, 12, 22)]
    [InlineData("20161222", 2016, 12, 22)]
    public void Metadata_dates_are_parsed(string value, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), DateParser.Parse(value));
    }

    [Fact]
    public void Url_dates_are_found()
    {
        Assert.Equal(new DateOnly(2016, 12, 22), DateParser.FromUrl("https://www.example.com/a/2016/12/22/story.html"));
        Assert.Null(DateParser.FromUrl("https://www.example.com/a/2016/12/story.html"));
    }
}
