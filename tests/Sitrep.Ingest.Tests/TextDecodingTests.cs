using System.Text;
using Sitrep.Core;

namespace Sitrep.Ingest.Tests;

public class TextDecodingTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Page(string body) =>
        "<html><head><title>Flüchtlinge in Köln</title></head><body>" + body + "</body></html>";

    [Fact]
    public void A_utf8_page_with_one_stray_legacy_byte_keeps_its_text()
    {
        var body = string.Concat(Enumerable.Repeat("<p>Die Stadt Köln nahm am Montag weitere Flüchtlinge auf, sagte der Bürgermeister.</p>", 20));
        byte[] bytes = [.. Utf8(Page(body)), .. Utf8("<p>Hosting f"), 0xFC, .. Utf8("r alle</p>")];
        var text = TextDecoding.Decode(bytes, sniffHtmlMeta: true);
        Assert.Contains("Bürgermeister", text);
        Assert.Contains("Hosting f\uFFFDr alle", text);
    }

    [Fact]
    public void A_utf8_page_with_many_bad_bytes_is_still_rejected()
    {
        var bytes = new List<byte>(Utf8(Page("<p>Köln</p>")));
        for (int i = 0; i < 40; i++) bytes.AddRange([.. Utf8("<p>x"), 0xFC, 0xFE, .. Utf8("y</p>")]);
        var ex = Assert.Throws<DocumentRejectedException>(() => TextDecoding.Decode(bytes.ToArray(), sniffHtmlMeta: true));
        Assert.Equal("invalid_encoding", ex.Code);
    }

    [Fact]
    public void An_undeclared_legacy_page_reads_as_windows_1252()
    {
        var bytes = Encoding.Latin1.GetBytes("<html><body><p>Les r\u00E9fugi\u00E9s sont arriv\u00E9s \u00E0 Gen\u00E8ve lundi.</p></body></html>");
        Assert.Contains("Les réfugiés sont arrivés à Genève lundi.", TextDecoding.Decode(bytes, sniffHtmlMeta: true));
    }

    [Fact]
    public void High_bytes_that_are_not_letters_in_words_are_rejected()
    {
        byte[] bytes = [.. Utf8("Troops fired on "), 0xC3, 0x28, 0xFF, .. Utf8(" protesters.")];
        var ex = Assert.Throws<DocumentRejectedException>(() => TextDecoding.Decode(bytes));
        Assert.Equal("invalid_encoding", ex.Code);
    }
}
