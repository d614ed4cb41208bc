namespace Sitrep.Ingest;

/// <summary>
/// robots.txt rules for one user agent (RFC 9309): the group naming the agent, else the "*" group;
/// the longest matching Allow/Disallow path wins and Allow wins a tie; "*" and a closing "$" are
/// wildcards. Hand-written: no robots.txt library is available here.
/// </summary>
public sealed class RobotsRules
{
    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string, bool)> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    public static RobotsRules AllowAll { get; } = new([], null);

    public static RobotsRules DisallowAll { get; } = new([("/", false)], null);

    /// <summary>The non-standard Crawl-delay of the chosen group, if any.</summary>
    public TimeSpan? CrawlDelay { get; }

    public static RobotsRules Parse(string text, string productToken)
    {
        var specific = new List<(string, bool)>();
        var general = new List<(string, bool)>();
        TimeSpan? specificDelay = null, generalDelay = null;
        bool foundSpecific = false;
        var agents = new List<string>();
        bool inRules = false;
        foreach (var raw in text.Split('\n').Take(100_000))
        {
            var line = raw.Split('#', 2)[0].Trim();
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (inRules) { agents.Clear(); inRules = false; }
                agents.Add(value.ToLowerInvariant());
                continue;
            }
            if (key is not ("allow" or "disallow" or "crawl-delay")) continue;
            inRules = true;
            bool mine = agents.Any(a => a != "*" && productToken.Contains(a, StringComparison.OrdinalIgnoreCase));
            bool star = agents.Contains("*");
            if (mine) foundSpecific = true;
            if (!mine && !star) continue;
            if (key == "crawl-delay")
            {
                if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
                {
                    var delay = TimeSpan.FromSeconds(Math.Min(seconds, 3600));
                    if (mine) specificDelay = delay; else generalDelay = delay;
                }
                continue;
            }
            if (value.Length == 0) continue;  // "Disallow:" with no path allows everything
            (mine ? specific : general).Add((value, key == "allow"));
        }
        return foundSpecific ? new RobotsRules(specific, specificDelay) : new RobotsRules(general, generalDelay);
    }

    public bool IsAllowed(Uri url)
    {
        var path = url.PathAndQuery;
        if (path == "/robots.txt") return true;
        int bestLength = -1;
        bool allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (!Matches(pattern, path)) continue;
            if (pattern.Length > bestLength || pattern.Length == bestLength && allow)
            {
                bestLength = pattern.Length;
                allowed = allow;
            }
        }
        return allowed;
    }

    /// <summary>Prefix match with "*" for any run of characters and a final "$" anchoring the end; linear backtracking to the last star.</summary>
    public static bool Matches(string pattern, string path)
    {
        bool anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        int p = 0, s = 0, starP = -1, starS = 0;
        while (true)
        {
            if (p == pattern.Length)
            {
                if (!anchored || s == path.Length) return true;
            }
            else if (pattern[p] == '*')
            {
                starP = ++p;
                starS = s;
                continue;
            }
            else if (s < path.Length && pattern[p] == path[s])
            {
                p++;
                s++;
                continue;
            }
            if (starP < 0 || starS >= path.Length) return false;
            p = starP;
            s = ++starS;
        }
    }
}
