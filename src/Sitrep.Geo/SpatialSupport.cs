namespace Sitrep.Geo;

/// <summary>
/// How much the other place names of an article agree with one reading of a name: for each other name,
/// whether one of its likelier readings lies near this one (same admin1 area, or within <see cref="NearKm"/>).
/// "Dublin" next to "Columbus" and "Ohio" is Dublin, Ohio. Names with many readings ("Springfield") count less.
/// </summary>
internal sealed class SpatialSupport
{
    private const int ShortlistSize = 12;
    private const double NearKm = 100;

    private readonly Gazetteer _gazetteer;
    private readonly int[][] _shortlists;
    private readonly double[] _weights;

    /// <param name="prior">A context-free score per entry, to keep each name's likelier readings.</param>
    public SpatialSupport(Gazetteer gazetteer, IReadOnlyList<int[]> groupCandidates, Func<int, int, double> prior)
    {
        _gazetteer = gazetteer;
        _shortlists = new int[groupCandidates.Count][];
        _weights = new double[groupCandidates.Count];
        for (int g = 0; g < groupCandidates.Count; g++)
        {
            int group = g;
            _shortlists[g] = groupCandidates[g]
                .Where(id => gazetteer.Kinds[id] is not (PlaceKind.Country or PlaceKind.Region))
                .OrderByDescending(id => prior(id, group))
                .Take(ShortlistSize)
                .ToArray();
            // A country's name says nothing local; a name with many homonyms says little.
            bool country = groupCandidates[g].Any(id => gazetteer.Kinds[id] is PlaceKind.Country or PlaceKind.Region);
            _weights[g] = country || _shortlists[g].Length == 0 ? 0 : 1 / (1 + Math.Log(_shortlists[g].Length));
        }
    }

    /// <summary>The weighted number of other names with a reading near <paramref name="entry"/>.</summary>
    public double Of(int entry, int self)
    {
        if (_gazetteer.Kinds[entry] is PlaceKind.Country or PlaceKind.Region) return 0;
        double support = 0;
        for (int g = 0; g < _shortlists.Length; g++)
        {
            if (g == self || _weights[g] == 0) continue;
            foreach (var other in _shortlists[g])
            {
                if (other == entry || !Near(entry, other)) continue;
                support += _weights[g];
                break;
            }
        }
        return support;
    }

    private bool Near(int a, int b)
    {
        var g = _gazetteer;
        if (g.CountryOf[a] != g.CountryOf[b]) return false;
        bool aArea = g.Kinds[a] == PlaceKind.Admin1, bArea = g.Kinds[b] == PlaceKind.Admin1;
        if (aArea || bArea) return g.Admin1Of[a] >= 0 && g.Admin1Of[a] == g.Admin1Of[b];
        return Kilometres(g.Latitudes[a], g.Longitudes[a], g.Latitudes[b], g.Longitudes[b]) <= NearKm;
    }

    internal static double Kilometres(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = Math.PI / 180;
        double dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
        double h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * r) * Math.Cos(lat2 * r) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
