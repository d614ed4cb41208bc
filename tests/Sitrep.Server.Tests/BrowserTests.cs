using System.Text.Json;
using Microsoft.Playwright;

namespace Sitrep.Server.Tests;

/// <summary>
/// The dashboard in headless Chromium (Debian's package, driven by Playwright). Screenshots go to
/// the test output folder (artifacts/).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BrowserTests(ServerFixture server) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    private IBrowserContext _browser = null!;
    private string _profile = "";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _profile = Path.Combine(Path.GetTempPath(), "sitrep-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(IPage Page, List<string> Problems)> OpenDashboard()
    {
        var page = await _browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add("console: " + message.Text); };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Dialog += async (_, dialog) => { problems.Add("dialog: " + dialog.Message); await dialog.DismissAsync(); };
        // Nothing may leave the machine: any request to another origin fails the test.
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                problems.Add("outside request: " + request.Url);
        };
        await page.GotoAsync(server.BaseUrl + "/");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30000 });
        await Settled(page);
        return (page, problems);
    }

    private static async Task Settled(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.body.getAttribute('data-busy') === '0'", null, new() { Timeout = 30000 });
    }

    private static string Shot(string name) => Path.Combine(TestPaths.Artifacts, name + ".png");

    [Fact]
    public async Task Dashboard_shows_each_event_on_the_map_and_in_the_list_then_filters_and_opens_evidence()
    {
        var all = await server.AllEvents();
        var (page, problems) = await OpenDashboard();
        await page.ScreenshotAsync(new() { Path = Shot("dashboard"), FullPage = true });

        var listIds = await Ids(page, "#list [data-event-id]");
        var mapIds = await Ids(page, "#map [data-event-id]");
        var expected = all.Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(expected.Take(100).Order(StringComparer.Ordinal), listIds.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), mapIds.Order(StringComparer.Ordinal));

        // Filter by type: the list and the map keep only that type.
        var type = all.GroupBy(e => e.GetProperty("plover").GetString()).OrderByDescending(g => g.Count()).Skip(1).First().Key!;
        var ofType = all.Where(e => e.GetProperty("plover").GetString() == type).Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        await page.SelectOptionAsync("select[name=plover]", type);
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#list [data-event-id]').length === n", ofType.Count);
        await Settled(page);
        Assert.Equal(ofType, (await Ids(page, "#list [data-event-id]")).Order(StringComparer.Ordinal));
        Assert.Equal(ofType, (await Ids(page, "#map [data-event-id]")).Order(StringComparer.Ordinal));
        await page.ScreenshotAsync(new() { Path = Shot("filtered-" + type), FullPage = true });

        // Open one from the map: the detail shows the article with the evidence sentence marked.
        var id = ofType[0];
        var target = all.First(e => e.GetProperty("id").GetString() == id);
        await page.Locator($"#map [data-event-id='{id}']").DispatchEventAsync("click");
        var mark = page.Locator("#detail mark.evidence");
        await mark.WaitForAsync();
        Assert.Equal(target.GetProperty("evidence").GetProperty("text").GetString(), await mark.TextContentAsync());
        Assert.True(await page.Locator("#detail").IsVisibleAsync());
        Assert.Equal(type, await page.Locator("#detail .tag").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Shot("detail-" + id) });

        // And from the list.
        await page.Locator("#detail-close").ClickAsync();
        await page.Locator($"#list [data-event-id='{ofType[^1]}']").ClickAsync();
        await page.WaitForFunctionAsync("t => document.querySelector('#detail mark.evidence')?.textContent === t",
            all.First(e => e.GetProperty("id").GetString() == ofType[^1]).GetProperty("evidence").GetProperty("text").GetString());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Brushing_the_timeline_narrows_map_and_list_to_the_period()
    {
        var (page, problems) = await OpenDashboard();
        await page.SelectOptionAsync("#interval", "day");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#timeline rect').length > 0");
        var box = (await page.Locator("#timeline").BoundingBoxAsync())!;
        // Drag across the left half of the chart.
        await page.Mouse.MoveAsync(box.X + 31, box.Y + 50);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + 50, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('brush-label').textContent.includes(' to ')");
        await Settled(page);
        var label = await page.Locator("#brush-label").TextContentAsync();
        var parts = label!.Split(" to ");
        var inPeriod = await server.AllEvents($"from={parts[0]}&to={parts[1]}");
        Assert.Equal(inPeriod.Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal),
            (await Ids(page, "#list [data-event-id]")).Order(StringComparer.Ordinal));
        Assert.Equal(inPeriod.Count, (await Ids(page, "#map [data-event-id]")).Count);
        await page.ScreenshotAsync(new() { Path = Shot("brushed"), FullPage = true });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Injected_markup_in_title_body_and_actor_names_is_shown_as_text_and_never_runs()
    {
        var (page, problems) = await OpenDashboard();
        using var article = await server.GetJson("/api/articles/" + server.HostileArticleId);
        var events = article.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(events);

        // The hostile actor name is in the list as literal text.
        await page.FillAsync("input[name=actor]", "Brigade");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#list [data-event-id]').length === n", events.Count);
        await Settled(page);
        Assert.Contains(ServerFixture.HostileActor, await page.Locator("#list tbody").TextContentAsync(), StringComparison.Ordinal);

        foreach (var id in events)
        {
            if (await page.Locator("#detail").IsVisibleAsync()) await page.Locator("#detail-close").ClickAsync();
            await page.Locator($"#list [data-event-id='{id}']").ClickAsync();
            await page.WaitForFunctionAsync("id => document.querySelector('#detail dd') && document.getElementById('detail-body').textContent.includes(id)", id);
        }
        var detail = await page.Locator("#detail-body").TextContentAsync();
        Assert.Contains(ServerFixture.HostileActor, detail, StringComparison.Ordinal);
        Assert.Contains(ServerFixture.PwnedScript, detail, StringComparison.Ordinal);
        Assert.Contains(ServerFixture.PwnedImage, detail, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Shot("injection") , FullPage = true });

        // Nothing ran, no element came from the payloads, and the page still works.
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('img, b, iframe, object, embed, svg script, body script:not([src])').length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('script:not([src])').length"));
        await page.Locator("#detail-close").ClickAsync();
        await page.FillAsync("input[name=actor]", "");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#list [data-event-id]').length > n", events.Count);
        Assert.Empty(problems);
    }

    private static async Task<List<string>> Ids(IPage page, string selector) =>
        [.. await page.EvaluateAsync<string[]>("s => Array.from(document.querySelectorAll(s), e => e.getAttribute('data-event-id'))", selector)];
}
