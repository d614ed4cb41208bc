using System.Globalization;
using System.Text.Json;

namespace Sitrep.Server;

/// <summary>Listing, statistics and map aggregation over the in-memory index.</summary>
internal sealed class EventService(EventIndex index, EvidenceSearch search, StoreReader store)
{
    /// <summary>Above this many located events in view, the map gets grid clusters instead of points.</summary>
    public const int MaxMapPoints = 2000;

    /// <summary>Events without coordinates listed by id beside the map, at most.</summary>
    public const int MaxUnlocated = 500;

    public EventIndex.Snapshot Snapshot() => index.Current();

    public EventMatcher Matcher(EventIndex.Snapshot snapshot, EventQuery query) =>
        new(snapshot, query, query.Text is { } text ? search.Match(snapshot, text) : null);

    /// <summary>One page in sort order after the cursor: rowids and the cursor of the next page (null at the end).</summary>
    public (List<long> RowIds, string? Next) Page(EventQuery query, EventSort sort, int limit, string? cursor)
    {
        var s = Snapshot();
        var matcher = Matcher(s, query);
        var order = s.Order(sort);
        int start = 0;
        if (cursor is not null)
        {
            var (key, rowId) = Cursor.Decode(cursor, sort);
            start = After(s, order, sort, key, rowId);
        }
        var rows = new List<long>(limit);
        int last = -1;
        for (int p = start; p < order.Length; p++)
        {
            int slot = order[p];
            if (!matcher.Matches(slot)) continue;
            if (rows.Count == limit) return (rows, Cursor.Encode(sort, sort.Key(s, last), s.RowIds[last]));
            rows.Add(s.RowIds[slot]);
            last = slot;
        }
        return (rows, null);
    }

    /// <summary>The first position in <paramref name="order"/> strictly after (key, rowid).</summary>
    private static int After(EventIndex.Snapshot s, int[] order, EventSort sort, long key, long rowId)
    {
        int lo = 0, hi = order.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            int slot = order[mid];
            int c = sort.Key(s, slot).CompareTo(key);
            if (c == 0) c = sort.Descending ? rowId.CompareTo(s.RowIds[slot]) : s.RowIds[slot].CompareTo(rowId);
            if (c <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Every matching rowid in sort order (exports).</summary>
    public List<long> All(EventQuery query, EventSort sort)
    {
        var s = Snapshot();
        var matcher = Matcher(s, query);
        var rows = new List<long>();
        foreach (int slot in s.Order(sort))
            if (matcher.Matches(slot)) rows.Add(s.RowIds[slot]);
        return rows;
    }

    /// <summary>Counts per period (day, week from Monday, month) and per type (PLOVER or ACLED event type).</summary>
    public void WriteStats(Utf8JsonWriter json, EventQuery query, string interval, string by)
    {
        var s = Snapshot();
        var matcher = Matcher(s, query);
        int[] type = by == "acled" ? s.Acled : s.Plover;
        var names = by == "acled" ? s.AcledTypes : s.Plovers;
        int width = names.Count + 1;
        int[]? months = interval == "month" ? s.MonthStarts() : null;
        // Per bucket a row of counts by type (slot 0: no type), so the scan does no hashing per type.
        var buckets = new Dictionary<int, int[]>();
        var totalsByType = new int[width];
        int total = 0, undated = 0;
        for (int i = 0; i < s.Count; i++)
        {
            if (!matcher.Matches(i)) continue;
            total++;
            int t = type[i] + 1;
            totalsByType[t]++;
            int day = s.Days[i];
            if (day == EventIndex.NoDay)
            {
                undated++;
                continue;
            }
            int bucket = months is not null ? months[i] : interval == "week" ? day - day % 7 : day;
            if (!buckets.TryGetValue(bucket, out var counts)) buckets[bucket] = counts = new int[width];
            counts[t]++;
        }
        var totals = new Dictionary<int, int>();
        for (int t = 0; t < width; t++) if (totalsByType[t] > 0) totals[t - 1] = totalsByType[t];
        string Name(int t) => t < 0 ? "none" : names[t];
        json.WriteStartObject();
        json.WriteString("interval", interval);
        json.WriteString("by", by);
        json.WriteNumber("total", total);
        json.WriteNumber("undated", undated);
        json.WriteStartObject("types");
        foreach (var (t, n) in totals.OrderByDescending(p => p.Value).ThenBy(p => Name(p.Key), StringComparer.Ordinal)) json.WriteNumber(Name(t), n);
        json.WriteEndObject();
        json.WriteStartArray("buckets");
        foreach (var (start, row) in buckets.OrderBy(b => b.Key))
        {
            var counts = new Dictionary<int, int>();
            for (int t = 0; t < width; t++) if (row[t] > 0) counts[t - 1] = row[t];
            json.WriteStartObject();
            json.WriteString("start", DateOnly.FromDayNumber(start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("end", DateOnly.FromDayNumber(BucketEnd(start, interval)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("total", counts.Values.Sum());
            json.WriteStartObject("counts");
            foreach (var (t, n) in counts.OrderBy(p => Name(p.Key), StringComparer.Ordinal)) json.WriteNumber(Name(t), n);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Day number 0 (0001-01-01) was a Monday, so weeks from Monday start at multiples of 7.
    internal static int BucketStart(int day, string interval) => interval switch
    {
        "week" => day - day % 7,
        "month" => new DateOnly(DateOnly.FromDayNumber(day).Year, DateOnly.FromDayNumber(day).Month, 1).DayNumber,
        _ => day,
    };

    /// <summary>The last day of the bucket that starts on <paramref name="start"/>.</summary>
    internal static int BucketEnd(int start, string interval) => interval switch
    {
        "week" => start + 6,
        "month" => DateOnly.FromDayNumber(start).AddMonths(1).DayNumber - 1,
        _ => start,
    };

    /// <summary>
    /// The map's view: each event as a point when few, else grid clusters (count, mean position, main
    /// type) so 100,000 events in view draw as a few hundred shapes. Events without coordinates are listed apart.
    /// </summary>
    public void WriteMap(Utf8JsonWriter json, EventQuery query, int cells)
    {
        var s = Snapshot();
        var matcher = Matcher(s, query);
        var located = new List<int>();
        var unlocated = new List<int>();
        for (int i = 0; i < s.Count; i++)
        {
            if (!matcher.Matches(i)) continue;
            if (float.IsNaN(s.Lat[i])) unlocated.Add(i);
            else located.Add(i);
        }
        json.WriteStartObject();
        json.WriteNumber("total", located.Count + unlocated.Count);
        json.WriteNumber("located", located.Count);
        json.WriteNumber("unlocated_total", unlocated.Count);
        json.WriteStartArray("unlocated");
        foreach (int i in unlocated.Take(MaxUnlocated)) WritePoint(json, s, i, withPosition: false);
        json.WriteEndArray();
        if (located.Count <= MaxMapPoints)
        {
            json.WriteStartArray("points");
            foreach (int i in located) WritePoint(json, s, i, withPosition: true);
            json.WriteEndArray();
            json.WriteStartArray("clusters");
            json.WriteEndArray();
        }
        else
        {
            json.WriteStartArray("points");
            json.WriteEndArray();
            WriteClusters(json, s, located, query.BoundingBox, cells);
        }
        json.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter json, EventIndex.Snapshot s, int i, bool withPosition)
    {
        json.WriteStartObject();
        json.WriteString("id", s.EventIds[i]);
        json.WriteString("plover", s.Plover[i] < 0 ? null : s.Plovers[s.Plover[i]]);
        if (withPosition)
        {
            json.WriteNumber("lat", Math.Round(s.Lat[i], 4));
            json.WriteNumber("lon", Math.Round(s.Lon[i], 4));
        }
        json.WriteEndObject();
    }

    private static void WriteClusters(Utf8JsonWriter json, EventIndex.Snapshot s, List<int> located,
        (double W, double S, double E, double N)? box, int cells)
    {
        double west = box?.W ?? -180, east = box?.E ?? 180, south = box?.S ?? -90;
        double width = east >= west ? east - west : east + 360 - west;
        double size = Math.Max(width / cells, 1e-4);
        var groups = new Dictionary<long, Cluster>();
        foreach (int i in located)
        {
            double lon = s.Lon[i] < west ? s.Lon[i] + 360 : s.Lon[i];
            long gx = (long)Math.Floor((lon - west) / size), gy = (long)Math.Floor((s.Lat[i] - south) / size);
            long key = gx * 1_000_003 + gy;
            if (!groups.TryGetValue(key, out var c)) groups[key] = c = new Cluster();
            c.Add(s, i);
        }
        json.WriteStartArray("clusters");
        foreach (var c in groups.Values)
        {
            json.WriteStartObject();
            json.WriteNumber("count", c.Count);
            json.WriteNumber("lat", Math.Round(c.SumLat / c.Count, 4));
            json.WriteNumber("lon", Math.Round(c.SumLon / c.Count, 4));
            int main = c.Types.MaxBy(p => p.Value).Key;
            json.WriteString("plover", main < 0 ? null : s.Plovers[main]);
            json.WriteStartArray("bbox");
            json.WriteNumberValue(Math.Round(c.W, 4));
            json.WriteNumberValue(Math.Round(c.S, 4));
            json.WriteNumberValue(Math.Round(c.E, 4));
            json.WriteNumberValue(Math.Round(c.N, 4));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private sealed class Cluster
    {
        public int Count;
        public double SumLat, SumLon;
        public double W = 180, S = 90, E = -180, N = -90;
        public readonly Dictionary<int, int> Types = [];

        public void Add(EventIndex.Snapshot s, int i)
        {
            Count++;
            float lat = s.Lat[i], lon = s.Lon[i];
            SumLat += lat;
            SumLon += lon;
            W = Math.Min(W, lon);
            E = Math.Max(E, lon);
            S = Math.Min(S, lat);
            N = Math.Max(N, lat);
            Types[s.Plover[i]] = Types.GetValueOrDefault(s.Plover[i]) + 1;
        }
    }

    public StoreReader Store => store;

    public EvidenceSearch Search => search;
}
