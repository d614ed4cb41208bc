using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sitrep.Server;

/// <summary>
/// A compact in-memory copy of the columns the dashboard filters, sorts and aggregates on, one
/// slot per stored event, in rowid order. A linear scan of a million slots takes a few
/// milliseconds, which no combination of the store's few indexes can promise. Records themselves
/// stay in the store and are fetched by rowid. Refreshed incrementally when the store changes.
/// </summary>
internal sealed class EventIndex
{
    public const int NoDay = int.MinValue;

    private readonly string _connectionString;
    private readonly Lock _refreshGate = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private long _dataVersion = -1;
    private SqliteConnection? _watch;

    public EventIndex(string connectionString) => _connectionString = connectionString;

    /// <summary>The current data, refreshed first if another connection committed since the last look.</summary>
    public Snapshot Current()
    {
        lock (_refreshGate)
        {
            _watch ??= OpenWatch();
            long version = DataVersion(_watch);
            if (version != _dataVersion)
            {
                _snapshot = Refresh(_snapshot, _watch);
                _dataVersion = version;
            }
            return _snapshot;
        }
    }

    /// <summary>Forces a reload of new rows on the next <see cref="Current"/> (after this process wrote).</summary>
    public void Invalidate()
    {
        lock (_refreshGate) _dataVersion = -1;
    }

    private SqliteConnection OpenWatch()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    // PRAGMA data_version changes when another connection commits; our own writes go through another connection too.
    private static long DataVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static Snapshot Refresh(Snapshot previous, SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        long count = Scalar(connection, transaction, "SELECT count(*) FROM events");
        long maxRowId = Scalar(connection, transaction, "SELECT coalesce(max(rowid), 0) FROM events");
        // Rows deleted (or rewritten) since: start over. Otherwise append the new rowids only.
        bool append = previous.Count > 0 && previous.RowIds[previous.Count - 1] <= maxRowId &&
                      count >= previous.Count && RowExists(connection, transaction, previous.RowIds[previous.Count - 1]);
        var builder = append ? previous.ToBuilder() : new SnapshotBuilder();
        long after = append ? previous.RowIds[previous.Count - 1] : 0;
        if (append && count == previous.Count) return previous;

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT rowid, event_id, event_date, plover, acled_event_type, acled_sub_event_type, " +
            "coalesce(actor1_name, actor1_text), actor1_country, coalesce(actor2_name, actor2_text), actor2_country, " +
            "location_country, location_admin1, latitude, longitude, fatalities, confidence " +
            "FROM events WHERE rowid > $after ORDER BY rowid";
        command.Parameters.AddWithValue("$after", after);
        using var reader = command.ExecuteReader();
        while (reader.Read()) builder.Add(reader);
        var snapshot = builder.Build();
        transaction.Commit();
        return snapshot;
    }

    private static bool RowExists(SqliteConnection connection, SqliteTransaction transaction, long rowId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM events WHERE rowid = $r";
        command.Parameters.AddWithValue("$r", rowId);
        return command.ExecuteScalar() is not null;
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Strings seen in one column, each stored once; slots hold their number.</summary>
    internal sealed class StringPool
    {
        private readonly Dictionary<string, int> _ids;
        private readonly List<string> _values;

        public StringPool(IEqualityComparer<string> comparer)
        {
            _ids = new Dictionary<string, int>(comparer);
            _values = [];
        }

        private StringPool(Dictionary<string, int> ids, List<string> values)
        {
            _ids = ids;
            _values = values;
        }

        public int Count => _values.Count;

        public string this[int id] => _values[id];

        public int Intern(string? value)
        {
            if (value is null) return -1;
            if (_ids.TryGetValue(value, out int id)) return id;
            id = _values.Count;
            _ids[value] = id;
            _values.Add(value);
            return id;
        }

        public int Find(string value) => _ids.TryGetValue(value, out int id) ? id : -1;

        public StringPool Copy() => new(new Dictionary<string, int>(_ids, _ids.Comparer), [.. _values]);
    }

    /// <summary>An immutable view: requests read it without locks while a refresh builds the next one.</summary>
    internal sealed class Snapshot
    {
        public static readonly Snapshot Empty = new SnapshotBuilder().Build();

        public required int Count { get; init; }
        public required long[] RowIds { get; init; }
        public required string[] EventIds { get; init; }
        /// <summary>Days since 0001-01-01, or <see cref="NoDay"/>.</summary>
        public required int[] Days { get; init; }
        public required int[] Plover { get; init; }
        public required int[] Acled { get; init; }
        public required int[] AcledSub { get; init; }
        public required int[] Actor1 { get; init; }
        public required int[] Actor1Country { get; init; }
        public required int[] Actor2 { get; init; }
        public required int[] Actor2Country { get; init; }
        public required int[] Country { get; init; }
        public required int[] Admin1 { get; init; }
        /// <summary>NaN without coordinates.</summary>
        public required float[] Lat { get; init; }
        public required float[] Lon { get; init; }
        /// <summary>-1 when the text gives no count.</summary>
        public required int[] Fatalities { get; init; }
        public required float[] Confidence { get; init; }
        public required StringPool Plovers { get; init; }
        public required StringPool AcledTypes { get; init; }
        public required StringPool AcledSubTypes { get; init; }
        public required StringPool Actors { get; init; }
        public required StringPool Countries { get; init; }
        public required StringPool Admin1s { get; init; }

        private readonly Dictionary<string, int[]> _orders = new(StringComparer.Ordinal);
        private readonly Lock _ordersGate = new();

        /// <summary>Slot of an event id, or -1.</summary>
        public int SlotOf(string eventId)
        {
            _slotsById ??= BuildSlots();
            return _slotsById.TryGetValue(eventId, out int slot) ? slot : -1;
        }

        private Dictionary<string, int>? _slotsById;
        private int[]? _monthStarts;

        /// <summary>Per slot, the day number of the first of its month (<see cref="NoDay"/> when undated); built once.</summary>
        public int[] MonthStarts()
        {
            if (_monthStarts is { } cached) return cached;
            var months = new int[Count];
            var memo = new Dictionary<int, int>();
            for (int i = 0; i < Count; i++)
            {
                int day = Days[i];
                if (day == NoDay)
                {
                    months[i] = NoDay;
                    continue;
                }
                // Few distinct days against many events: memoised per day.
                if (!memo.TryGetValue(day, out int start))
                {
                    var date = DateOnly.FromDayNumber(day);
                    memo[day] = start = new DateOnly(date.Year, date.Month, 1).DayNumber;
                }
                months[i] = start;
            }
            return _monthStarts = months;
        }

        private Dictionary<string, int> BuildSlots()
        {
            var map = new Dictionary<string, int>(Count, StringComparer.Ordinal);
            for (int i = 0; i < Count; i++) map[EventIds[i]] = i;
            return map;
        }

        /// <summary>Slot of a rowid (rowids are ascending), or -1.</summary>
        public int SlotOfRowId(long rowId)
        {
            int slot = Array.BinarySearch(RowIds, 0, Count, rowId);
            return slot >= 0 ? slot : -1;
        }

        /// <summary>Slots in the order of <paramref name="sort"/>, built once per snapshot and sort.</summary>
        public int[] Order(EventSort sort)
        {
            lock (_ordersGate)
            {
                if (_orders.TryGetValue(sort.Name, out var cached)) return cached;
                var order = new int[Count];
                var keys = new long[Count];
                for (int i = 0; i < Count; i++)
                {
                    order[i] = i;
                    keys[i] = sort.Key(this, i);
                }
                // Keys already fold in the direction; ties follow the rowid in the same direction.
                Array.Sort(order, (a, b) =>
                {
                    int c = keys[a].CompareTo(keys[b]);
                    return c != 0 ? c : sort.Descending ? b.CompareTo(a) : a.CompareTo(b);
                });
                _orders[sort.Name] = order;
                return order;
            }
        }

        public SnapshotBuilder ToBuilder() => new(this);
    }

    internal sealed class SnapshotBuilder
    {
        private readonly List<long> _rowIds = [];
        private readonly List<string> _eventIds = [];
        private readonly List<int> _days = [], _plover = [], _acled = [], _acledSub = [], _actor1 = [], _actor1Country = [],
            _actor2 = [], _actor2Country = [], _country = [], _admin1 = [], _fatalities = [];
        private readonly List<float> _lat = [], _lon = [], _confidence = [];
        private readonly StringPool _plovers, _acledTypes, _acledSubTypes, _actors, _countries, _admin1s;

        public SnapshotBuilder()
        {
            _plovers = new StringPool(StringComparer.Ordinal);
            _acledTypes = new StringPool(StringComparer.Ordinal);
            _acledSubTypes = new StringPool(StringComparer.Ordinal);
            _actors = new StringPool(StringComparer.Ordinal);
            _countries = new StringPool(StringComparer.Ordinal);
            _admin1s = new StringPool(StringComparer.Ordinal);
        }

        public SnapshotBuilder(Snapshot s)
        {
            int n = s.Count;
            _rowIds.AddRange(s.RowIds.AsSpan(0, n));
            _eventIds.AddRange(s.EventIds.AsSpan(0, n));
            _days.AddRange(s.Days.AsSpan(0, n));
            _plover.AddRange(s.Plover.AsSpan(0, n));
            _acled.AddRange(s.Acled.AsSpan(0, n));
            _acledSub.AddRange(s.AcledSub.AsSpan(0, n));
            _actor1.AddRange(s.Actor1.AsSpan(0, n));
            _actor1Country.AddRange(s.Actor1Country.AsSpan(0, n));
            _actor2.AddRange(s.Actor2.AsSpan(0, n));
            _actor2Country.AddRange(s.Actor2Country.AsSpan(0, n));
            _country.AddRange(s.Country.AsSpan(0, n));
            _admin1.AddRange(s.Admin1.AsSpan(0, n));
            _fatalities.AddRange(s.Fatalities.AsSpan(0, n));
            _lat.AddRange(s.Lat.AsSpan(0, n));
            _lon.AddRange(s.Lon.AsSpan(0, n));
            _confidence.AddRange(s.Confidence.AsSpan(0, n));
            _plovers = s.Plovers.Copy();
            _acledTypes = s.AcledTypes.Copy();
            _acledSubTypes = s.AcledSubTypes.Copy();
            _actors = s.Actors.Copy();
            _countries = s.Countries.Copy();
            _admin1s = s.Admin1s.Copy();
        }

        public void Add(SqliteDataReader r)
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            _rowIds.Add(r.GetInt64(0));
            _eventIds.Add(r.GetString(1));
            _days.Add(S(2) is { } d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.DayNumber : NoDay);
            _plover.Add(_plovers.Intern(S(3)));
            _acled.Add(_acledTypes.Intern(S(4)));
            _acledSub.Add(_acledSubTypes.Intern(S(5)));
            _actor1.Add(_actors.Intern(S(6)));
            _actor1Country.Add(_countries.Intern(S(7)));
            _actor2.Add(_actors.Intern(S(8)));
            _actor2Country.Add(_countries.Intern(S(9)));
            _country.Add(_countries.Intern(S(10)));
            _admin1.Add(S(11) is { } admin1 ? _admin1s.Intern(admin1) : -1);
            bool located = !r.IsDBNull(12) && !r.IsDBNull(13);
            _lat.Add(located ? (float)r.GetDouble(12) : float.NaN);
            _lon.Add(located ? (float)r.GetDouble(13) : float.NaN);
            _fatalities.Add(r.IsDBNull(14) ? -1 : (int)Math.Min(int.MaxValue, r.GetInt64(14)));
            _confidence.Add(r.IsDBNull(15) ? 0f : (float)r.GetDouble(15));
        }

        public Snapshot Build() => new()
        {
            Count = _rowIds.Count,
            RowIds = [.. _rowIds],
            EventIds = [.. _eventIds],
            Days = [.. _days],
            Plover = [.. _plover],
            Acled = [.. _acled],
            AcledSub = [.. _acledSub],
            Actor1 = [.. _actor1],
            Actor1Country = [.. _actor1Country],
            Actor2 = [.. _actor2],
            Actor2Country = [.. _actor2Country],
            Country = [.. _country],
            Admin1 = [.. _admin1],
            Lat = [.. _lat],
            Lon = [.. _lon],
            Fatalities = [.. _fatalities],
            Confidence = [.. _confidence],
            Plovers = _plovers,
            AcledTypes = _acledTypes,
            AcledSubTypes = _acledSubTypes,
            Actors = _actors,
            Countries = _countries,
            Admin1s = _admin1s,
        };
    }
}
