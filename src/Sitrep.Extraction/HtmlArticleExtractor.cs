using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>
/// Main-text extraction from HTML in the spirit of Readability and trafilatura: prune page furniture,
/// score containers by paragraph text, commas, link density and class/id hints, take the best one
/// (with qualifying siblings), and fall back to all paragraphs, then to the body text.
/// All DOM walks are iterative, so deep markup cannot overflow the stack.
/// </summary>
public static class HtmlArticleExtractor
{
    private const int MaxHtmlChars = 12_000_000;
    private const int MaxNestingDepth = 1_000;
    private const int MinArticleChars = 200;
    private const int MinProtectedArticleChars = 500;
    private const int MaxRetryArticleChars = 500;

    private static readonly HashSet<string> _removedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "nav", "header", "footer", "aside", "figure", "figcaption", "noscript", "svg", "iframe",
        "button", "input", "select", "textarea", "template", "canvas", "video", "audio", "picture", "img", "object",
        "embed", "map", "dialog", "menu", "link", "meta", "head", "math", "label", "option",
        // Ruby annotations (furigana readings) would interleave with the text they gloss.
        "rt", "rp",
    };

    private static readonly HashSet<string> _removedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu", "menubar", "toolbar", "tablist",
    };

    private static readonly HashSet<string> _blockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "br", "hr", "address", "center", "details", "summary", "body",
    };

    private static readonly HashSet<string> _scoredTags = new(StringComparer.OrdinalIgnoreCase) { "p", "pre", "td", "blockquote" };

    private sealed class Stats
    {
        public int Text;
        public int LinkText;
        public int Commas;
        public int Paragraphs;
        public int ParagraphText;
        public double Score;
        public bool Candidate;
        public int Hint;
    }

    // A parser (and its browsing context) per thread: building one per page cost as much as a small page's parse.
    [ThreadStatic] private static HtmlParser? _parser;

    public static ArticleInfo Extract(string html, string? url, DateOnly? fallbackPublished)
    {
        if (html.Length > MaxHtmlChars) html = html[..MaxHtmlChars];
        html = HtmlNestingLimiter.Limit(html, MaxNestingDepth);
        var parser = _parser ??= new HtmlParser(
            new HtmlParserOptions { DisableElementPositionTracking = true },
            // Attribute observers keep live DOM objects (class lists, link relations) in step with attribute
            // changes: nothing here reads them, and leaving them out takes a tenth off every parse.
            BrowsingContext.New(Configuration.Default.Without<IAttributeObserver>()));

        var document = parser.ParseDocument(html);
        var meta = HtmlMetadata.Read(document, url);

        var prunedByClass = new List<(IElement Element, INode Parent, INode? Next)>();
        string text = ExtractMainText(document, meta.Title, prunedByClass, out var container);
        // A short text from outside any article element, when pruning by class removed more prose, came from a stray box.
        if (text.Length < MinArticleChars || text.Length < MaxRetryArticleChars && !InArticle(container) && PrunedMoreProse(prunedByClass, text.Length))
        {
            // Class hints can remove the body on unusual sites; retry without them, as Readability does. The elements
            // they removed go back where they were: the page is not parsed again.
            for (int i = prunedByClass.Count - 1; i >= 0; i--)
            {
                var (element, parent, next) = prunedByClass[i];
                parent.InsertBefore(element, next);
            }
            var retry = ExtractMainText(document, meta.Title, prunedByClass: null, out _);
            if (retry.Length > text.Length) text = retry;

            if (text.Length < MinArticleChars)
            {
                var paragraphs = AllParagraphText(document);
                if (paragraphs.Length > text.Length) text = paragraphs;
                if (text.Length < MinArticleChars && document.Body is not null)
                {
                    var bodyText = BlockText([document.Body], null, meta.Title, conditional: false);
                    if (bodyText.Length > text.Length) text = bodyText;
                }
            }
        }

        if (text.Length < MinArticleChars && meta.ArticleBody is { } ldBody)
        {
            // Client-rendered pages often carry the whole body only in their JSON-LD.
            var fromLd = string.Join("\n\n", ldBody.Split('\n').Select(l => TextCleaner.NormalizeInline(TextCleaner.RepairMojibake(l))).Where(l => l.Length > 0));
            if (fromLd.Length > text.Length) text = fromLd;
        }

        // A page without a body (client-rendered, a form, a video) often still states its title and date.
        var metadataOnly = new ArticleInfo
        {
            Title = meta.Title, Text = "", Published = meta.Published ?? fallbackPublished ?? meta.GuessedPublished,
            Authors = meta.Authors, Outlet = meta.Outlet, Language = meta.Language,
        };
        if (text.Length == 0)
            throw new DocumentRejectedException("empty", "The HTML page has no visible text.", metadataOnly);
        if (!text.Split("\n\n").Any(p => PageTextExtractor.IsProse(p, TextCleaner.CountWords(p)) || TextCleaner.CountWords(p) >= 15))
            throw new DocumentRejectedException("no_article", "No paragraph of article prose was found in the HTML page.", metadataOnly);

        var credits = FindCredits(ref text);
        return new ArticleInfo
        {
            Title = meta.Title,
            Text = text,
            Published = meta.Published ?? fallbackPublished ?? meta.GuessedPublished,
            Authors = meta.Authors,
            Outlet = meta.Outlet,
            Language = LanguageIdentifier.Identify(text) ?? meta.Language,
            Credits = credits,
        };
    }

    /// <summary>
    /// True when a container removed for its class held clearly more paragraph prose than the short text extracted
    /// without it: a layout wrapper with a furniture word in its name ('sidebar-wrapper', 'widget-wrap') held the body.
    /// </summary>
    private static bool PrunedMoreProse(List<(IElement Element, INode Parent, INode? Next)> prunedByClass, int textChars)
    {
        foreach (var (element, _, _) in prunedByClass)
        {
            int prose = 0;
            foreach (var p in element.GetElementsByTagName("p"))
            {
                prose += CountVisible(p.TextContent);
                if (prose >= 2 * textChars + MinArticleChars) return true;
            }
        }
        return false;
    }

    private static bool InArticle(IElement? e)
    {
        for (; e is not null; e = e.ParentElement)
            if (e.LocalName is "article" or "main") return true;
        return false;
    }

    /// <summary>A closing credit line among the last paragraphs is moved from the text to the credits.</summary>
    private static IReadOnlyList<string> FindCredits(ref string text)
    {
        var paragraphs = text.Split("\n\n").ToList();
        for (int i = paragraphs.Count - 1; i >= Math.Max(1, paragraphs.Count - 3); i--)
        {
            if (CreditsParser.Parse(paragraphs[i]) is not { } credits) continue;
            text = string.Join("\n\n", paragraphs.Take(i));
            return credits;
        }
        return [];
    }

    /// <summary>Prunes, by class and id hints too when <paramref name="prunedByClass"/> is given (it then lists what they removed), and extracts.</summary>
    private static string ExtractMainText(IDocument document, string? title, List<(IElement Element, INode Parent, INode? Next)>? prunedByClass, out IElement? container)
    {
        container = null;
        var body = document.Body;
        if (body is null) return string.Empty;
        Prune(document, prunedByClass);
        var stats = ComputeStats(body);
        var best = SplitBodyContainer(BestCandidate(body, stats), body, stats);
        var containers = RepeatedBlocks(best, stats) ?? WithSiblings(best, stats);
        container = best;
        var text = BlockText(containers, stats, title, conditional: true);
        var leads = FindLeads(containers[0], stats);
        if (leads.Count == 0) return text;
        var lead = BlockText(leads, stats, title, conditional: true);
        // Some pages repeat the standfirst, or a close rewording of it, as the body's first paragraph.
        if (lead.Length == 0 || RepeatedIn(lead, text) || ExtractionLexicon.Instance.HasCaptionCue(lead)) return text;
        return text.Length == 0 ? lead : lead + "\n\n" + text;
    }

    /// <summary>True when most word pairs of <paramref name="lead"/> occur in the opening of <paramref name="text"/>.</summary>
    private static bool RepeatedIn(string lead, string text)
    {
        if (text.Contains(lead, StringComparison.Ordinal)) return true;
        var opening = WordPairs(text.Length > 4 * lead.Length + 1000 ? text[..(4 * lead.Length + 1000)] : text);
        var pairs = WordPairs(lead);
        if (pairs.Count == 0) return false;
        int shared = 0;
        foreach (var pair in pairs) if (opening.Contains(pair)) shared++;
        return shared >= 0.6 * pairs.Count;
    }

    private static HashSet<string> WordPairs(string text)
    {
        var words = TextWords.Lower(text);
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < words.Count; i++) pairs.Add(words[i - 1] + " " + words[i]);
        return pairs;
    }

    private const int MinLeadChars = 40, MaxLeadChars = 1500, MaxLeadLevels = 5, MaxLeadScan = 3000;

    /// <summary>
    /// Lead paragraphs (standfirst, summary, teaser) that a template puts in its own box before the body container:
    /// elements with a lead class/id hint between the headline and the body, a few levels up at most.
    /// </summary>
    private static List<IElement> FindLeads(IElement first, Dictionary<IElement, Stats> stats)
    {
        var leads = new List<IElement>();
        var found = new List<IElement>();
        var stack = new Stack<IElement>();
        int scanned = 0;
        var node = first;
        for (int level = 0; level < MaxLeadLevels && node.LocalName != "body"; level++)
        {
            if (node.ParentElement is not { } parent || parent.LocalName == "html") break;
            bool headlineSeen = false;
            var children = parent.Children;
            int index = children.Index(node);
            for (int i = index - 1; i >= 0 && !headlineSeen; i--)
            {
                found.Clear();
                stack.Push(children[i]);
                while (stack.Count > 0 && scanned++ < MaxLeadScan)
                {
                    var e = stack.Pop();
                    if (e.LocalName == "h1")
                    {
                        // Leads follow the headline: what came before it is not one.
                        headlineSeen = true;
                        found.Clear();
                        continue;
                    }
                    if (stats.TryGetValue(e, out var s) && IsLead(e, s))
                    {
                        found.Add(e);
                        continue;
                    }
                    PushChildElements(stack, e);
                }
                stack.Clear();
                leads.InsertRange(0, found);
            }
            if (headlineSeen || parent.LocalName is "article" or "main" or "body") break;
            node = parent;
        }
        return leads;
    }

    private static bool IsLead(IElement e, Stats s) =>
        s.Text is >= MinLeadChars and <= MaxLeadChars && LinkDensity(s) < 0.3 && e.LocalName != "a"
        && ExtractionLexicon.Instance.IsLeadHint(ClassAndId(e));

    /// <summary>
    /// Removes furniture tags, hidden elements, ARIA landmarks of chrome, and, when <paramref name="prunedByClass"/> is
    /// given, furniture-named containers, recording each with its place so that it can be put back.
    /// </summary>
    private static void Prune(IDocument document, List<(IElement Element, INode Parent, INode? Next)>? prunedByClass)
    {
        bool pruneByClass = prunedByClass is not null;
        var root = document.DocumentElement;
        if (root is null) return;
        var protectedElements = new HashSet<IElement>();
        // article, main, [itemprop='articleBody']
        foreach (var keep in ElementScan.Where(document, e => e.LocalName is "article" or "main" || e.GetAttribute("itemprop") == "articleBody").Take(50))
        {
            // Teaser cards are often article elements too: they must not shield the aside or footer that lists them.
            if (keep.LocalName == "article" && !HasVisibleText(keep, MinProtectedArticleChars)) continue;
            for (var e = keep; e is not null; e = e.ParentElement)
                if (!protectedElements.Add(e)) break;
        }

        var toRemove = new List<IElement>();
        var byClass = new List<IElement>();
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            var removal = ShouldRemove(e, pruneByClass, protectedElements);
            if (removal != Removal.None)
            {
                (removal == Removal.ByClass ? byClass : toRemove).Add(e);
                continue;
            }
            PushChildElements(stack, e);
        }
        foreach (var e in toRemove)
        {
            if (e.LocalName == "header" && e.Parent is { } parent)
                // A header holds the headline and byline, but often the lead paragraph too: that stays, for FindLeads.
                foreach (var lead in LeadsInHeader(e, protectedElements)) parent.InsertBefore(lead, e);
            e.Remove();
        }
        // After the others are gone, so that each next sibling recorded is one that stays or is put back before it.
        foreach (var e in byClass)
        {
            if (e.Parent is not { } parent) continue;
            prunedByClass!.Add((e, parent, e.NextSibling));
            e.Remove();
        }
    }

    private enum Removal { None, Always, ByClass }

    private static List<IElement> LeadsInHeader(IElement header, HashSet<IElement> protectedElements)
    {
        var leads = new List<IElement>();
        var stack = new Stack<IElement>();
        PushChildElements(stack, header);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (ShouldRemove(e, pruneByClass: true, protectedElements) != Removal.None) continue;
            if (ExtractionLexicon.Instance.IsLeadHint(ClassAndId(e)))
            {
                int chars = CountVisible(e.TextContent.Trim());
                if (chars is >= MinLeadChars and <= MaxLeadChars) leads.Add(e);
                continue;
            }
            PushChildElements(stack, e);
        }
        return leads;
    }

    /// <summary>Child elements in reverse, so they pop in document order. By index: AngleSharp's sibling links scan the parent's children.</summary>
    private static void PushChildElements(Stack<IElement> stack, IElement parent)
    {
        var children = parent.ChildNodes;
        for (int i = children.Length - 1; i >= 0; i--)
            if (children[i] is IElement child) stack.Push(child);
    }

    private static Removal ShouldRemove(IElement e, bool pruneByClass, HashSet<IElement> protectedElements)
    {
        string tag = e.LocalName;
        if (tag is "html" or "body") return Removal.None;
        if (tag == "head") return Removal.Always;
        var unlessProtected = protectedElements.Contains(e) ? Removal.None : Removal.Always;
        // ASP.NET and some CMSs wrap the whole page in a form or header: keep those that hold the article.
        // Script-rendered pages (blog templates) may give their body to non-script readers only, inside noscript.
        if (tag == "noscript" && HoldsProse(e)) return Removal.None;
        if (_removedTags.Contains(tag)) return unlessProtected;
        if (tag == "form") return e.QuerySelectorAll("p").Length < 3 ? unlessProtected : Removal.None;

        // One pass over the attributes: looking each up by name scans the list again.
        string? style = null, role = null, cls = null, id = null;
        var attributes = e.Attributes;
        for (int i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i]!;
            switch (attribute.Name)
            {
                case "hidden": return unlessProtected;
                case "aria-hidden" when attribute.Value == "true": return unlessProtected;
                case "style": style ??= attribute.Value; break;
                case "role": role ??= attribute.Value; break;
                case "class": cls ??= attribute.Value; break;
                case "id": id ??= attribute.Value; break;
            }
        }
        if (style is not null && (style.Contains("display:none", StringComparison.OrdinalIgnoreCase) || style.Contains("display: none", StringComparison.OrdinalIgnoreCase)
            || style.Contains("visibility:hidden", StringComparison.OrdinalIgnoreCase))) return unlessProtected;
        if (role is not null && _removedRoles.Contains(role)) return unlessProtected;
        if (pruneByClass && (cls is not null || id is not null) && !protectedElements.Contains(e) && tag is not ("article" or "main")
            && ExtractionLexicon.Instance.IsFurniture(ClassAndId(cls, id))) return Removal.ByClass;
        return Removal.None;
    }

    private const int MinNoscriptProseChars = 200;

    /// <summary>Paragraphs of some length, not just a tracking pixel or an 'enable JavaScript' line.</summary>
    private static bool HoldsProse(IElement e)
    {
        int chars = 0, paragraphs = 0;
        foreach (var p in e.GetElementsByTagName("p"))
        {
            chars += CountVisible(p.TextContent);
            paragraphs++;
            if (paragraphs >= 2 && chars >= MinNoscriptProseChars) return true;
        }
        return false;
    }

    private static string ClassAndId(IElement e) => ClassAndId(e.GetAttribute("class"), e.GetAttribute("id"));

    private static string ClassAndId(string? cls, string? id) => (cls ?? "") + " " + (id ?? "");

    /// <summary>Text, link text, commas and paragraph counts per element, summed bottom-up without recursion.</summary>
    private static Dictionary<IElement, Stats> ComputeStats(IElement root)
    {
        var order = new List<IElement>();
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            order.Add(e);
            PushChildElements(stack, e);
        }
        var stats = new Dictionary<IElement, Stats>(order.Count);
        foreach (var e in order) stats[e] = new Stats();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var e = order[i];
            var s = stats[e];
            foreach (var node in e.ChildNodes)
            {
                if (node.NodeType != NodeType.Text) continue;
                var t = node.TextContent;
                s.Text += CountVisible(t);
                s.Commas += CountCommas(t);
            }
            if (e.LocalName == "a") s.LinkText = s.Text;
            if (e.LocalName == "p" && s.Text >= 25)
            {
                s.Paragraphs++;
                s.ParagraphText += s.Text - s.LinkText;
            }
            if (e.ParentElement is { } parent && stats.TryGetValue(parent, out var ps))
            {
                ps.Text += s.Text;
                ps.LinkText += s.LinkText;
                ps.Commas += s.Commas;
                ps.Paragraphs += s.Paragraphs;
                ps.ParagraphText += s.ParagraphText;
            }
        }

        // Readability-style scoring: each paragraph gives points to its parent and, decreasingly, to its ancestors.
        foreach (var e in order)
        {
            bool scored = _scoredTags.Contains(e.LocalName) || (e.LocalName is "div" or "section" && HasDirectText(e, 25));
            var s = stats[e];
            if (!scored || s.Text < 25) continue;
            double points = 1 + s.Commas + Math.Min(s.Text / 100.0, 3);
            var ancestor = e.ParentElement;
            for (int level = 0; ancestor is not null && level < 5; level++, ancestor = ancestor.ParentElement)
            {
                if (!stats.TryGetValue(ancestor, out var a)) break;
                if (!a.Candidate)
                {
                    a.Candidate = true;
                    a.Hint = ExtractionLexicon.Instance.HintWeight(ClassAndId(ancestor));
                    a.Score = BaseScore(ancestor.LocalName) + a.Hint;
                }
                a.Score += level == 0 ? points : level == 1 ? points / 2 : points / (level * 3);
            }
        }
        return stats;
    }

    /// <summary>True once the element's text reaches <paramref name="minChars"/>: stops there rather than building all its text.</summary>
    private static bool HasVisibleText(IElement e, int minChars)
    {
        int n = 0;
        var stack = new Stack<INode>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == NodeType.Text && (n += CountVisible(node.TextContent)) >= minChars) return true;
            var children = node.ChildNodes;
            for (int i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
        }
        return false;
    }

    private static bool HasDirectText(IElement e, int minChars)
    {
        int n = 0;
        foreach (var node in e.ChildNodes)
            if (node.NodeType == NodeType.Text) n += CountVisible(node.TextContent);
        return n >= minChars;
    }

    private static double BaseScore(string tag) => tag switch
    {
        "div" or "article" or "main" or "section" => 5,
        "pre" or "td" or "blockquote" => 3,
        "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
        _ => 0,
    };

    private static IElement BestCandidate(IElement body, Dictionary<IElement, Stats> stats)
    {
        IElement? best = null;
        double bestScore = double.MinValue;
        foreach (var (e, s) in stats)
        {
            if (!s.Candidate) continue;
            double final = s.Score * (1 - LinkDensity(s));
            if (final > bestScore)
            {
                bestScore = final;
                best = e;
            }
        }
        if (best is null) return body;
        // A one-paragraph box (a standfirst, a notice) can edge out a body whose paragraphs sit deeper and pass their
        // points up diluted: a candidate elsewhere with a close score and several times its prose is the body.
        var top = stats[best];
        if (top.Paragraphs <= 1)
        {
            IElement? bigger = null;
            int most = Math.Max(1, top.ParagraphText) * CloseRivalProseFactor;
            foreach (var (e, s) in stats)
            {
                if (!s.Candidate || s.ParagraphText < most || s.Score * (1 - LinkDensity(s)) < bestScore * CloseRivalScore) continue;
                if (e.Contains(best) || best.Contains(e)) continue;
                bigger = e;
                most = s.ParagraphText;
            }
            if (bigger is not null)
            {
                best = bigger;
                bestScore = stats[bigger].Score * (1 - LinkDensity(stats[bigger]));
            }
        }
        // A parent that holds clearly more paragraphs with a comparable score is the real container (split bodies).
        for (var parent = best.ParentElement; parent is not null && parent != body.ParentElement; parent = parent.ParentElement)
        {
            var bs = stats[best];
            if (!stats.TryGetValue(parent, out var ps) || !ps.Candidate) break;
            if (ps.Score * (1 - LinkDensity(ps)) < bestScore * 0.75 || ps.Paragraphs < bs.Paragraphs + 2 || LinkDensity(ps) > 0.3) break;
            best = parent;
            bestScore = Math.Max(bestScore, ps.Score * (1 - LinkDensity(ps)));
        }
        return best;
    }

    private const int CloseRivalProseFactor = 3;
    private const double CloseRivalScore = 0.85;

    private const int MaxSplitBodyLevels = 8;

    /// <summary>
    /// Page builders split one body into sibling blocks of one kind (a text widget per paragraph group, a chunk per
    /// screen), and the best block holds only a part of it: climb to the ancestor that gathers blocks of the best one's
    /// kind (same tag and class) while what they add is plain paragraphs. Never above an article or main element.
    /// </summary>
    private static IElement SplitBodyContainer(IElement best, IElement body, Dictionary<IElement, Stats> stats)
    {
        var current = best;
        for (int level = 0; level < MaxSplitBodyLevels; level++)
        {
            if (current.LocalName is "article" or "main" or "body" || current.ParentElement is not { } parent || parent == body) break;
            if (!stats.TryGetValue(parent, out var ps) || !stats.TryGetValue(current, out var cs)) break;
            int added = ps.Text - cs.Text;
            if (added > 0)
            {
                string kind = BlockKind(current.GetAttribute("class"));
                int sameKind = 0, otherKind = 0;
                foreach (var sibling in parent.Children)
                {
                    if (sibling == current || !stats.TryGetValue(sibling, out var ss)) continue;
                    if (sibling.LocalName == current.LocalName && BlockKind(sibling.GetAttribute("class")) == kind) sameKind += ss.ParagraphText;
                    else otherKind += ss.ParagraphText;
                }
                double addedLinks = (double)(ps.LinkText - cs.LinkText) / added;
                if (sameKind == 0 || otherKind > 0.25 * (sameKind + otherKind) || addedLinks > 0.2 || sameKind + otherKind < 0.5 * added) break;
                if (ExtractionLexicon.Instance.HintWeight(ClassAndId(parent)) < 0) break;
            }
            current = parent;
        }
        return current;
    }

    /// <summary>A class attribute without its numbered tokens: builders number each block ("text-block-3", "vc_custom_1570").</summary>
    private static string BlockKind(string? cls)
    {
        if (string.IsNullOrWhiteSpace(cls)) return "";
        var kept = new List<string>();
        foreach (var token in cls.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            if (!token.AsSpan().ContainsAnyInRange('0', '9')) kept.Add(token);
        kept.Sort(StringComparer.Ordinal);
        return string.Join(' ', kept);
    }

    private const int MinRepeatedBlocks = 3;
    private const double MinRepeatedBlockScore = 0.3;
    private const int MinRepeatedBlockChars = 100;

    /// <summary>
    /// Posts of a forum thread or entries of a live blog: the best block is one of several scored blocks of its kind
    /// (same tag and class) spread over the page, each in its own frame of user cards or timestamps. All of them, in
    /// page order; null when the best block has no such kin.
    /// </summary>
    private static List<IElement>? RepeatedBlocks(IElement best, Dictionary<IElement, Stats> stats)
    {
        var cls = best.GetAttribute("class");
        var bs = stats[best];
        if (string.IsNullOrWhiteSpace(cls) || best.LocalName is "body" or "main" || bs.Text < MinRepeatedBlockChars) return null;
        double floor = bs.Score * (1 - LinkDensity(bs)) * MinRepeatedBlockScore;
        string kind = BlockKind(cls);
        List<IElement>? blocks = null;
        foreach (var (e, s) in stats)
        {
            if (!s.Candidate || e.LocalName != best.LocalName || s.Score * (1 - LinkDensity(s)) < floor || LinkDensity(s) > 0.3) continue;
            if (e == best) { (blocks ??= []).Add(e); continue; }
            // Most kin repeat the class string exactly: the kind is worked out only for numbered variants.
            var other = e.GetAttribute("class");
            if (other != cls && (other is null || BlockKind(other) != kind) || e.Contains(best) || best.Contains(e)) continue;
            (blocks ??= []).Add(e);
        }
        // Nested kin (a quoted post inside a post) are read with their outer block.
        if (blocks is null || blocks.Count < MinRepeatedBlocks) return null;
        blocks.RemoveAll(b => blocks.Any(o => o != b && o.Contains(b)));
        // A body among small boxes that share its class is not one post of many: its kin must add more than it holds.
        int total = 0;
        foreach (var b in blocks) total += stats[b].Text;
        return blocks.Count >= MinRepeatedBlocks && bs.Text * 2 < total ? blocks : null;
    }

    private static List<IElement> WithSiblings(IElement best, Dictionary<IElement, Stats> stats)
    {
        var parent = best.ParentElement;
        if (parent is null || best.LocalName is "body") return [best];
        var bs = stats[best];
        double bestScore = bs.Score * (1 - LinkDensity(bs));
        double threshold = Math.Max(10, bestScore * 0.2);
        string bestClass = best.GetAttribute("class") ?? "";
        var result = new List<IElement>();
        foreach (var sibling in parent.Children)
        {
            if (sibling == best)
            {
                result.Add(sibling);
                continue;
            }
            if (!stats.TryGetValue(sibling, out var s)) continue;
            double bonus = bestClass.Length > 0 && sibling.GetAttribute("class") == bestClass ? bestScore * 0.2 : 0;
            if (s.Candidate && s.Score * (1 - LinkDensity(s)) + bonus >= threshold && s.Hint >= 0)
            {
                result.Add(sibling);
                continue;
            }
            if (sibling.LocalName == "p")
            {
                double density = LinkDensity(s);
                if (s.Text > 80 && density < 0.25 || s.Text > 0 && density == 0 && PageTextExtractor.EndsLikeSentence(sibling.TextContent)) result.Add(sibling);
            }
        }
        return result;
    }

    private static double LinkDensity(Stats s) => s.Text == 0 ? 0 : Math.Min(1, (double)s.LinkText / s.Text);

    /// <summary>The text of the containers, one paragraph per block, in reading order; drops link-heavy lists and UI phrases.</summary>
    private static string BlockText(IEnumerable<IElement> containers, Dictionary<IElement, Stats>? stats, string? title, bool conditional)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        var lex = ExtractionLexicon.Instance;
        bool firstHeadingSeen = false;
        // Pages that repeat their body (a teaser copy, a print copy) keep the first occurrence only.
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Flush()
        {
            if (current.Length == 0) return;
            var p = TextCleaner.NormalizeInline(TextCleaner.RepairMojibake(current.ToString()));
            current.Clear();
            if (p.Length == 0 || lex.IsUiPhrase(p)) return;
            if (title is not null && p.Equals(title, StringComparison.OrdinalIgnoreCase)) return;
            if (p.Length >= 150 && !seen.Add(p)) return;
            paragraphs.Add(p);
        }

        foreach (var container in containers)
        {
            var stack = new Stack<(INode Node, bool Exit)>();
            stack.Push((container, false));
            while (stack.Count > 0)
            {
                var (node, exit) = stack.Pop();
                if (node is IElement el)
                {
                    bool block = _blockTags.Contains(el.LocalName);
                    if (exit)
                    {
                        if (block) Flush();
                        continue;
                    }
                    if (el.LocalName is "br" or "hr")
                    {
                        Flush();
                        continue;
                    }
                    if (conditional && stats is not null && stats.TryGetValue(el, out var s) && el != container && IsLinkHeavy(el, s)) continue;
                    if (el.LocalName == "h1" && !firstHeadingSeen && paragraphs.Count == 0)
                    {
                        firstHeadingSeen = true;
                        continue;
                    }
                    if (block) Flush();
                    stack.Push((el, true));
                    var childNodes = el.ChildNodes;
                    for (int c = childNodes.Length - 1; c >= 0; c--) stack.Push((childNodes[c], false));
                }
                else if (node.NodeType == NodeType.Text)
                {
                    current.Append(node.TextContent);
                }
            }
            Flush();
        }
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>Related-link lists, tag clouds and "Read more" paragraphs: mostly link text and few commas.</summary>
    private static bool IsLinkHeavy(IElement el, Stats s)
    {
        if (s.Text == 0) return false;
        double density = LinkDensity(s);
        return el.LocalName switch
        {
            "ul" or "ol" or "div" or "section" or "table" or "dl" => density > 0.4 && s.Commas < 8 && s.Text < 3000,
            "p" or "li" or "h2" or "h3" or "h4" or "h5" or "h6" => density > 0.6 && s.Text < 300,
            _ => false,
        };
    }

    private static string AllParagraphText(IDocument document)
    {
        var paragraphs = new List<string>();
        foreach (var p in document.QuerySelectorAll("p").Take(5000))
        {
            var text = TextCleaner.NormalizeInline(TextCleaner.RepairMojibake(p.TextContent));
            if (text.Length > 0 && !ExtractionLexicon.Instance.IsUiPhrase(text)) paragraphs.Add(text);
        }
        return string.Join("\n\n", paragraphs);
    }

    private static int CountVisible(string text)
    {
        int n = 0;
        bool space = true;
        foreach (char c in text)
        {
            bool ws = char.IsWhiteSpace(c);
            if (!ws || !space) n++;
            space = ws;
        }
        return n;
    }

    private static int CountCommas(string text)
    {
        int n = 0;
        foreach (char c in text) if (c is ',' or '،' or '，') n++;
        return n;
    }
}
