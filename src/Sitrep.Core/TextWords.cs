namespace Sitrep.Core;

/// <summary>Plain word splitting for text comparisons: runs of letters and digits, lower-cased.</summary>
public static class TextWords
{
    public static List<string> Lower(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }
}
