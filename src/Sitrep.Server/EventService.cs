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
        var grid = new Grid(query.BoundingBox, cells, s.Plovers.Count);
        var points = new List<int>();
        var unlocated = new List<int>();
        int unlocatedTotal = 0, located = 0;
        // One pass: points are kept while few; the grid is filled all along in case they are not.
        for (int i = 0; i < s.Count; i++)
        {
            if (!matcher.Matches(i)) continue;
            if (float.IsNaN(s.Lat[i]))
            {
                if (unlocatedTotal++ < MaxUnlocated) unlocated.Add(i);
                continue;
            }
            located++;
            if (points.Count <= MaxMapPoints) points.Add(i);
            grid.Add(s, i);
        }
        json.WriteStartObject();
        json.WriteNumber("total", located + unlocatedTotal);
        json.WriteNumber("located", located);
        json.WriteNumber("unlocated_total", unlocatedTotal);
        json.WriteStartArray("unlocated");
        foreach (int i in unlocated) WritePoint(json, s, i, withPosition: false);
        json.WriteEndArray();
        bool asPoints = located <= MaxMapPoints;
        json.WriteStartArray("points");
        if (asPoints) foreach (int i in points) WritePoint(json, s, i, withPosition: true);
        json.WriteEndArray();
        json.WriteStartArray("clusters");
        if (!asPoints) grid.Write(json, s);
        json.WriteEndArray();
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

    /// <summary>Square cells over the view, <c>cells</c> across; per cell the count, coordinate sums, extent and counts by type.</summary>
    private sealed class Grid
    {
        private readonly double _west, _south, _size;
        private readonly int _columns, _rows, _types;
        private readonly int[] _count;
        private readonly double[] _sumLat, _sumLon;
        private readonly float[] _w, _s, _e, _n;
        private readonly int[] _byType;

        public Grid((double W, double S, double E, double N)? box, int cells, int types)
        {
            _west = box?.W ?? -180;
            _south = box?.S ?? -90;
            double east = box?.E ?? 180, north = box?.N ?? 90;
            double width = east >= _west ? east - _west : east + 360 - _west;
            _size = Math.Max(width / cells, 1e-4);
            _columns = cells + 1;
            _rows = (int)Math.Min(4 * cells, Math.Ceiling((north - _south) / _size)) + 1;
            _types = types + 1;
            int n = _columns * _rows;
            _count = new int[n];
            _sumLat = new double[n];
            _sumLon = new double[n];
            _w = new float[n]; _s = new float[n]; _e = new float[n]; _n = new float[n];
            _byType = new int[n * _types];
        }

        public void Add(EventIndex.Snapshot s, int i)
        {
            float lat = s.Lat[i], lon = s.Lon[i];
            double x = (lon < _west ? lon + 360 : lon) - _west;
            int gx = Math.Clamp((int)(x / _size), 0, _columns - 1), gy = Math.Clamp((int)((lat - _south) / _size), 0, _rows - 1);
            int c = gy * _columns + gx;
            if (_count[c]++ == 0)
            {
                _w[c] = _e[c] = lon;
                _s[c] = _n[c] = lat;
            }
            else
            {
                if (lon < _w[c]) _w[c] = lon;
                if (lon > _e[c]) _e[c] = lon;
                if (lat < _s[c]) _s[c] = lat;
                if (lat > _n[c]) _n[c] = lat;
            }
            _sumLat[c] += lat;
            _sumLon[c] += lon;
            _byType[c * _types + s.Plover[i] + 1]++;
        }

        public void Write(Utf8JsonWriter json, EventIndex.Snapshot s)
        {
            for (int c = 0; c < _count.Length; c++)
            {
                int n = _count[c];
                if (n == 0) continue;
                int main = 0;
                for (int t = 1; t < _types; t++) if (_byType[c * _types + t] > _byType[c * _types + main]) main = t;
                json.WriteStartObject();
                json.WriteNumber("count", n);
                json.WriteNumber("lat", Math.Round(_sumLat[c] / n, 4));
                json.WriteNumber("lon", Math.Round(_sumLon[c] / n, 4));
                json.WriteString("plover", main == 0 ? null : s.Plovers[main - 1]);
                json.WriteStartArray("bbox");
                json.WriteNumberValue(Math.Round(_w[c], 4));
                json.WriteNumberValue(Math.Round(_s[c], 4));
                json.WriteNumberValue(Math.Round(_e[c], 4));
                json.WriteNumberValue(Math.Round(_n[c], 4));
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }
    }

    public StoreReader Store => store;

    public EvidenceSearch Search => search;
}
