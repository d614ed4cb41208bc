using System.Diagnostics;

namespace Sitrep.Cli;

/// <summary>
/// Progress on stderr, so stdout stays clean for data: a live line on a terminal, a line every
/// few seconds when stderr is a file, and always a closing summary for runs of several documents.
/// </summary>
internal sealed class Progress(bool enabled)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private TimeSpan _lastReport;
    private bool _wroteLive;

    public int Documents { get; private set; }
    public int Failed { get; private set; }
    public int Events { get; private set; }
    public int Stored { get; set; }

    public void Add(int events, bool failed)
    {
        Documents++;
        Events += events;
        if (failed) Failed++;
        if (!enabled) return;
        var interval = _interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(10);
        if (_clock.Elapsed - _lastReport < interval) return;
        _lastReport = _clock.Elapsed;
        if (_interactive)
        {
            Console.Error.Write($"\r{Line()}   ");
            _wroteLive = true;
        }
        else Console.Error.WriteLine(Line());
    }

    public void Finish()
    {
        if (!enabled || Documents < 2 && Failed == 0) return;
        if (_wroteLive) Console.Error.Write('\r');
        Console.Error.WriteLine(Line() + (Stored > 0 ? $", {Stored} new articles stored" : string.Empty));
    }

    private string Line()
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        return $"sitrep: {Documents} documents ({Documents / seconds:F1}/s), {Events} events, {Failed} failed, {seconds:F1} s";
    }
}
