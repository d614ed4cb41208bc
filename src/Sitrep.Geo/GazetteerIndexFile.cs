using Sitrep.Core;
using System.Globalization;
using System.Text;

namespace Sitrep.Geo;

/// <summary>
/// The compiled gazetteer on disk: a versioned binary file that loads in a fraction of a second.
/// The base index records a fingerprint of its sources and is rebuilt when they change; imported
/// GeoNames dumps are separate layer files added on top at load time.
/// </summary>
internal static class GazetteerIndexFile
{
    private const string BaseMagic = "SITREP-GEO-INDEX";
    private const string LayerMagic = "SITREP-GEO-LAYER";
    // The base index is a cache, rebuilt when its version changes; layers are users' imports and keep theirs.
    private const int BaseVersion = 2;
    private const int LayerVersion = 1;

    /// <summary>Raise when the builder's output changes, so cached indexes are rebuilt.</summary>
    private const int BuilderVersion = 4;

    public static Gazetteer LoadOrBuild(GazetteerSources sources)
    {
        var fingerprint = Fingerprint(sources);
        Gazetteer? g = null;
        if (File.Exists(sources.IndexFile))
        {
            try
            {
                g = ReadBase(sources.IndexFile, fingerprint, acceptStale: !File.Exists(sources.CitiesFile));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or EndOfStreamException)
            {
                g = null; // A damaged cache is rebuilt, never trusted.
            }
        }
        if (g is null)
        {
            sources.EnsureFetched();
            g = GazetteerBuilder.Build(sources);
            WriteAtomically(sources.IndexFile, w => WriteBase(w, g, fingerprint));
        }
        if (Directory.Exists(sources.LayerDirectory))
        {
            foreach (var layer in Directory.GetFiles(sources.LayerDirectory, "*.bin").Order(StringComparer.Ordinal))
                ReadLayer(layer, g);
        }
        return g;
    }

    /// <summary>Sizes and times of every input, so an edited countries.tsv or a new fetch triggers a rebuild.</summary>
    internal static string Fingerprint(GazetteerSources sources)
    {
        var sb = new StringBuilder("builder-").Append(BuilderVersion.ToString(CultureInfo.InvariantCulture));
        foreach (var file in new[] { sources.CitiesFile, sources.Admin1File, sources.Admin2File, sources.CountriesFile, AdminTerms.DataFile, PlaceNames.FoldFile, GazetteerBuilder.Admin1AliasFile, GazetteerBuilder.RegionsFile, GazetteerBuilder.CountryPointsFile })
        {
            var info = new FileInfo(file);
            sb.Append('|').Append(Path.GetFileName(file)).Append(':');
            if (info.Exists)
                sb.Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('@')
                  .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    internal static void WriteAtomically(string path, Action<BinaryWriter> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryWriter(new BufferedStream(stream, 1 << 16), Encoding.UTF8))
                write(writer);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void WriteBase(BinaryWriter w, Gazetteer g, string fingerprint)
    {
        w.Write(BaseMagic);
        w.Write(BaseVersion);
        w.Write(fingerprint);
        w.Write(g.Countries.Count);
        foreach (var c in g.Countries)
        {
            w.Write(c.Iso3);
            w.Write(c.Iso2);
            w.Write(c.Name);
        }
        w.Write(g.Admin1.Count);
        foreach (var a in g.Admin1)
        {
            w.Write(a.Code);
            w.Write(a.Name);
            w.Write(a.Country);
        }
        w.Write(g.Count);
        for (int i = 0; i < g.Count; i++)
        {
            w.Write(g.Names[i]);
            w.Write(g.GeonamesIds[i]);
            w.Write(g.Latitudes[i]);
            w.Write(g.Longitudes[i]);
            w.Write(g.Populations[i]);
            w.Write((byte)g.Kinds[i]);
            w.Write(g.Ranks[i]);
            w.Write(g.CountryOf[i]);
            w.Write(g.Admin1Of[i]);
        }
        PostingIndex.WriteBase(w, g.Keys.Entries().ToList());
        WriteKeys(w, g.Abbreviations);
        foreach (var demonyms in new[] { g.Demonyms, g.RegionDemonyms })
        {
            w.Write(demonyms.Count);
            foreach (var (key, value) in demonyms)
            {
                w.Write(key);
                w.Write(value);
            }
        }
    }

    private static void WriteKeys(BinaryWriter w, Dictionary<string, int[]> keys) =>
        WriteKeys(w, keys.Select(kv => (kv.Key, kv.Value)).ToList());

    private static void WriteKeys(BinaryWriter w, List<(string Key, int[] Ids)> keys)
    {
        w.Write(keys.Count);
        foreach (var (key, ids) in keys) PostingIndex.WriteRecord(w, key, ids);
    }

    private static Gazetteer? ReadBase(string path, string fingerprint, bool acceptStale)
    {
        var r = BinaryBuffer.FromFile(path);
        if (r.ReadString() != BaseMagic || r.ReadInt32() != BaseVersion) return null;
        if (r.ReadString() != fingerprint && !acceptStale) return null;
        var g = new Gazetteer();
        int countries = r.ReadInt32();
        for (int i = 0; i < countries; i++) g.AddCountry(r.ReadString(), r.ReadString(), r.ReadString());
        int admin1 = r.ReadInt32();
        for (int i = 0; i < admin1; i++) g.AddAdmin1(r.ReadString(), r.ReadString(), r.ReadInt32());
        int count = r.ReadInt32();
        if (count < 0 || count > 50_000_000) throw new InvalidDataException("Corrupt gazetteer index.");
        g.EnsureCapacity(count);
        for (int i = 0; i < count; i++)
        {
            int nameAt = r.Position;
            r.SkipString();
            int entry = g.AddEntry(r.Bytes, nameAt, r.ReadInt32(), r.ReadSingle(), r.ReadSingle(), r.ReadInt32(),
                (PlaceKind)r.ReadByte(), r.ReadSByte(), r.ReadInt16(), r.ReadInt32());
            if (g.Kinds[entry] == PlaceKind.Country && g.CountryOf[entry] >= 0) g.Countries[g.CountryOf[entry]].Entry = entry;
            else if (g.Kinds[entry] == PlaceKind.Admin1 && g.GeonamesIds[entry] == 0 && g.Admin1Of[entry] >= 0) g.Admin1[g.Admin1Of[entry]].Entry = entry;
        }
        g.Keys.ReadBase(r);
        ReadKeys(r, g.Abbreviations);
        foreach (var demonyms in new[] { g.Demonyms, g.RegionDemonyms })
        {
            int n = r.ReadInt32();
            for (int i = 0; i < n; i++) demonyms[r.ReadString()] = r.ReadInt32();
        }
        return g;
    }

    /// <summary>A layer's keys, its local entry numbers mapped to the gazetteer's.</summary>
    private static void ReadLayerKeys(BinaryReader r, Action<string, int> add, int[] remap)
    {
        int keys = r.ReadInt32();
        if (keys < 0) throw new InvalidDataException("Corrupt gazetteer index.");
        for (int k = 0; k < keys; k++)
        {
            var key = r.ReadString();
            int n = r.ReadInt32();
            if (n < 0 || n > 10_000_000) throw new InvalidDataException("Corrupt gazetteer index.");
            for (int i = 0; i < n; i++)
            {
                int local = r.ReadInt32();
                if ((uint)local < (uint)remap.Length && remap[local] >= 0) add(key, remap[local]);
            }
        }
    }

    private static void ReadKeys(BinaryBuffer r, Dictionary<string, int[]> target)
    {
        int keys = r.ReadInt32();
        if (keys < 0) throw new InvalidDataException("Corrupt gazetteer index.");
        target.EnsureCapacity(target.Count + keys);
        for (int k = 0; k < keys; k++)
        {
            var key = r.ReadString();
            int n = r.ReadInt32();
            if (n < 0 || n > 10_000_000) throw new InvalidDataException("Corrupt gazetteer index.");
            var ids = new int[n];
            for (int i = 0; i < n; i++) ids[i] = r.ReadInt32();
            target[key] = ids;
        }
    }

    /// <summary>Writes GeoNames rows as a layer: entries keyed by country and admin1 code, so any base index can take them.</summary>
    internal static int WriteLayer(string path, IEnumerable<GeoNamesRow> rows)
    {
        // Collect first: the entry count comes before the entries in the file.
        var scratch = new Gazetteer();
        var codes = new List<(string Iso2, string Admin1)>();
        foreach (var row in rows)
        {
            var (kind, rank) = GazetteerBuilder.Classify(row.FeatureClass, row.FeatureCode);
            if (row.FeatureClass is not ("P" or "A") || (row.FeatureClass == "A" && kind == PlaceKind.Other)) continue;
            int entry = scratch.AddEntry(row.Name, row.GeonamesId, row.Latitude, row.Longitude, row.Population, kind, rank, -1, -1);
            codes.Add((row.CountryCode, row.Admin1Code));
            GazetteerBuilder.AddNames(scratch, row, entry);
        }
        WriteAtomically(path, w =>
        {
            w.Write(LayerMagic);
            w.Write(LayerVersion);
            w.Write(scratch.Count);
            for (int i = 0; i < scratch.Count; i++)
            {
                w.Write(scratch.Names[i]);
                w.Write(scratch.GeonamesIds[i]);
                w.Write(scratch.Latitudes[i]);
                w.Write(scratch.Longitudes[i]);
                w.Write(scratch.Populations[i]);
                w.Write((byte)scratch.Kinds[i]);
                w.Write(scratch.Ranks[i]);
                w.Write(codes[i].Iso2);
                w.Write(codes[i].Admin1);
            }
            WriteKeys(w, scratch.Keys.Entries().ToList());
        });
        return scratch.Count;
    }

    private static void ReadLayer(string path, Gazetteer g)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(new BufferedStream(stream, 1 << 16), Encoding.UTF8);
        if (r.ReadString() != LayerMagic || r.ReadInt32() != LayerVersion)
            throw new InvalidDataException($"Not a Sitrep gazetteer layer: {path}");
        var known = new Dictionary<int, int>();
        for (int i = 0; i < g.Count; i++)
            if (g.GeonamesIds[i] > 0) known.TryAdd(g.GeonamesIds[i], i);
        int count = r.ReadInt32();
        if (count < 0 || count > 50_000_000) throw new InvalidDataException($"Corrupt gazetteer layer: {path}");
        var remap = new int[count];
        g.EnsureCapacity(g.Count + count);
        for (int i = 0; i < count; i++)
        {
            var name = r.ReadString();
            int id = r.ReadInt32();
            float lat = r.ReadSingle(), lon = r.ReadSingle();
            int population = r.ReadInt32();
            var kind = (PlaceKind)r.ReadByte();
            sbyte rank = r.ReadSByte();
            var iso2 = r.ReadString();
            var admin1Code = r.ReadString();
            int country = iso2.Length > 0 && g.CountryByIso2.TryGetValue(iso2, out var c) ? c : -1;
            int admin1 = GazetteerBuilder.Admin1For(g, iso2, admin1Code);
            if (known.TryGetValue(id, out var existing))
            {
                remap[i] = existing; // Already known: only its extra names are added.
                continue;
            }
            if (kind == PlaceKind.Admin1 && admin1 >= 0 && g.Admin1[admin1].Entry is int area and >= 0 && g.GeonamesIds[area] == 0)
            {
                // The dump's own ADM1 record replaces the estimated centroid and brings its id.
                g.GeonamesIds[area] = id;
                g.Latitudes[area] = lat;
                g.Longitudes[area] = lon;
                remap[i] = area;
                known[id] = area;
                continue;
            }
            remap[i] = g.AddEntry(name, id, lat, lon, population, kind, rank, country, admin1);
            known[id] = remap[i];
        }
        ReadLayerKeys(r, g.Keys.Add, remap);
    }
}
