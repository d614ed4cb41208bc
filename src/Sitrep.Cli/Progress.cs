using System.Diagnostics;
using Sitrep.Ingest;

namespace Sitrep.Cli;

/// <summary>
/// Progress on stderr, so stdout stays clean for data: a live line on a terminal, a line every
/// few seconds when stderr is a file, and always a closing summary for runs of several documents.
/// Shows documents/s and events/s, and an ETA once the inputs' total size is known.
/// </summary>
internal sealed class Progress(bool enabled, IngestProgress? ingest = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private TimeSpan _lastReport;
    private bool _wroteLive;

    public int Documents { get; private set; }
    public int Failed { get; private set; }
    public int Events { get; private set; }
    public StoreWriter? Store { get; set; }

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
            Console.Error.Write($"\r{Line(final: false)}   ");
            _wroteLive = true;
        }
        else Console.Error.WriteLine(Line(final: false));
    }

    public void Finish()
    {
        int skipped = ingest?.Skipped ?? 0;
        if (!enabled || Documents < 2 && Failed == 0 && skipped == 0) return;
        if (_wroteLive) Console.Error.Write('\r');
        Console.Error.WriteLine(Line(final: true));
    }

    private string Line(bool final)
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var line = $"sitrep: {Documents} documents ({Documents / seconds:F1}/s), {Events} events ({Events / seconds:F1}/s), {Failed} failed, {seconds:F1} s";
        if (ingest is { Skipped: > 0 } skipped) line += $", {skipped.Skipped} skipped (processed before)";
        if (Store is { } store && final)
            line += $", {store.Stored} new articles stored" + (store.Duplicates > 0 ? $", {store.Duplicates} duplicates" : string.Empty);
        if (!final && Eta() is { } eta) line += $", ETA {eta:hh\\:mm\\:ss}";
        return line;
    }

    /// <summary>Remaining time from the share of input bytes read so far, once the total is known.</summary>
    private TimeSpan? Eta()
    {
        if (ingest?.TotalBytes is not { } total || total <= 0) return null;
        double done = Math.Clamp((double)ingest.BytesRead / total, 0, 1);
        if (done < 0.005) return null;
        double elapsed = _clock.Elapsed.TotalSeconds;
        return TimeSpan.FromSeconds(Math.Min(elapsed / done - elapsed, TimeSpan.MaxValue.TotalSeconds / 2));
    }
}
