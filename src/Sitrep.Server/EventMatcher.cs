namespace Sitrep.Server;

/// <summary>An <see cref="EventQuery"/> bound to one snapshot: string filters become lookup tables over the pools.</summary>
internal sealed class EventMatcher
{
    private readonly EventIndex.Snapshot _s;
    private readonly int _from, _to;
    private readonly bool[]? _plover, _acled, _acledSub, _actor, _actorCountry, _country, _admin1;
    private readonly bool _hasBox, _boxWraps;
    private readonly float _w, _s0, _e, _n;
    private readonly bool[]? _textSlots;

    public EventMatcher(EventIndex.Snapshot snapshot, EventQuery query, bool[]? textSlots)
    {
        _s = snapshot;
        _from = query.FromDay ?? int.MinValue;
        _to = query.ToDay ?? int.MaxValue;
        _plover = Exact(snapshot.Plovers, query.Plover, StringComparer.Ordinal);
        _acled = Exact(snapshot.AcledTypes, query.EventType, StringComparer.OrdinalIgnoreCase);
        _acledSub = Exact(snapshot.AcledSubTypes, query.SubEventType, StringComparer.OrdinalIgnoreCase);
        _actorCountry = Exact(snapshot.Countries, query.ActorCountry, StringComparer.Ordinal);
        _country = Exact(snapshot.Countries, query.Country, StringComparer.Ordinal);
        _admin1 = Exact(snapshot.Admin1s, query.Admin1, StringComparer.OrdinalIgnoreCase);
        if (query.Actor is { } actor)
        {
            _actor = new bool[snapshot.Actors.Count];
            for (int i = 0; i < _actor.Length; i++)
                _actor[i] = snapshot.Actors[i].Contains(actor, StringComparison.OrdinalIgnoreCase);
        }
        if (query.BoundingBox is { } box)
        {
            _hasBox = true;
            (_w, _s0, _e, _n) = ((float)box.W, (float)box.S, (float)box.E, (float)box.N);
            _boxWraps = box.W > box.E;
        }
        _textSlots = textSlots;
    }

    private static bool[]? Exact(EventIndex.StringPool pool, IReadOnlyList<string> wanted, StringComparer comparer)
    {
        if (wanted.Count == 0) return null;
        var table = new bool[pool.Count];
        for (int i = 0; i < pool.Count; i++) table[i] = wanted.Contains(pool[i], comparer);
        return table;
    }

    private static bool In(bool[] table, int id) => id >= 0 && table[id];

    public bool Matches(int i)
    {
        var s = _s;
        if (_from != int.MinValue || _to != int.MaxValue)
        {
            int day = s.Days[i];
            if (day == EventIndex.NoDay || day < _from || day > _to) return false;
        }
        if (_plover is not null && !In(_plover, s.Plover[i])) return false;
        if (_acled is not null && !In(_acled, s.Acled[i])) return false;
        if (_acledSub is not null && !In(_acledSub, s.AcledSub[i])) return false;
        if (_country is not null && !In(_country, s.Country[i])) return false;
        if (_admin1 is not null && !In(_admin1, s.Admin1[i])) return false;
        if (_actorCountry is not null && !In(_actorCountry, s.Actor1Country[i]) && !In(_actorCountry, s.Actor2Country[i])) return false;
        if (_actor is not null && !In(_actor, s.Actor1[i]) && !In(_actor, s.Actor2[i])) return false;
        if (_hasBox)
        {
            float lat = s.Lat[i], lon = s.Lon[i];
            if (float.IsNaN(lat) || lat < _s0 || lat > _n) return false;
            if (_boxWraps ? lon < _w && lon > _e : lon < _w || lon > _e) return false;
        }
        return _textSlots is null || _textSlots[i];
    }
}
