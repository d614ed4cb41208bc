using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Sitrep.Core;

/// <summary>
/// Reads what a <see cref="BinaryWriter"/> wrote (little-endian numbers, 7-bit length-prefixed UTF-8 strings)
/// from a byte array in memory. Model and index files are read whole and parsed from here: at start-up a
/// BinaryReader's per-call overhead over a stream cost more than the reading itself.
/// </summary>
public sealed class BinaryBuffer(byte[] bytes)
{
    private int _position;

    public static BinaryBuffer FromFile(string path) => new(File.ReadAllBytes(path));

    public static BinaryBuffer FromGzipFile(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var inflated = new MemoryStream(capacity: (int)Math.Min(int.MaxValue / 2, file.Length * 4));
        gzip.CopyTo(inflated);
        return new BinaryBuffer(inflated.ToArray());
    }

    /// <summary>Where the next read starts, as an index into <see cref="Bytes"/>.</summary>
    public int Position => _position;

    /// <summary>The whole buffer, for indexes that keep their records in place instead of copying them out.</summary>
    public byte[] Bytes => bytes;

    public void Skip(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > bytes.Length - _position) throw new EndOfStreamException("The file ends too soon.");
        var span = bytes.AsSpan(_position, count);
        _position += count;
        return span;
    }

    public byte ReadByte() => Take(1)[0];
    public sbyte ReadSByte() => (sbyte)Take(1)[0];
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    public Half ReadHalf() => BinaryPrimitives.ReadHalfLittleEndian(Take(2));

    public int Read7BitEncodedInt()
    {
        uint result = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return (int)result;
        }
        throw new InvalidDataException("A malformed 7-bit encoded number.");
    }

    /// <summary>Passes over a string, for a reader that decodes it later from <see cref="Bytes"/> with <see cref="StringAt"/>.</summary>
    public void SkipString() => Skip(Read7BitEncodedInt());

    /// <summary>The string written at <paramref name="offset"/> (where its length prefix starts) of a buffer's bytes.</summary>
    public static string StringAt(byte[] bytes, int offset)
    {
        var reader = new BinaryBuffer(bytes) { _position = offset };
        return reader.ReadString();
    }

    public string ReadString()
    {
        int length = Read7BitEncodedInt();
        return length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));
    }
}
