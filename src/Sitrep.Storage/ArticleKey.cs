using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sitrep.Storage;

/// <summary>
/// The idempotency key of an article: the SHA-256 of its normalised text, so the same story stored
/// twice (another id, other whitespace or case) is recognised.
/// </summary>
public static class ArticleKey
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Normalize"/>(text).</summary>
    public static string Compute(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(Normalize(text));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Unicode NFKC, lower-cased, whitespace runs collapsed to one space, trimmed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nfkc = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(nfkc.Length);
        bool pendingSpace = false;
        foreach (char c in nfkc)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The stable event id: the article id's first 12 hex digits, "-", the 1-based ordinal in three digits.</summary>
    public static string EventId(string articleId, int ordinal) =>
        string.Concat(articleId.AsSpan(0, 12), "-", ordinal.ToString("000", CultureInfo.InvariantCulture));
}
