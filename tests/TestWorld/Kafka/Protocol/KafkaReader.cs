using System.Buffers.Binary;
using System.Text;

namespace KPops.TestWorld.Kafka.Protocol;

/// <summary>
/// Reads the primitive types of the classic (non-flexible) Kafka encoding from one request frame:
/// big-endian integers, int16-length strings, int32-length bytes and int32-count arrays (-1 = null).
/// </summary>
/// <remarks>
/// The double advertises only non-flexible versions, so compact types appear in exactly one place: the
/// tagged-field count of an ApiVersions v3 request header, read with <see cref="ReadUnsignedVarInt"/>.
/// </remarks>
internal sealed class KafkaReader
{
    private readonly byte[] _buffer;
    private int _position;

    public KafkaReader(byte[] buffer) => _buffer = buffer;

    /// <summary>Bytes not read yet.</summary>
    public int Remaining => _buffer.Length - _position;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    public bool ReadBool() => Take(1)[0] != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>A non-nullable string; a null on the wire is a protocol error here.</summary>
    public string ReadString() =>
        ReadNullableString() ?? throw new KafkaProtocolException("Unexpected null string.");

    public string? ReadNullableString()
    {
        var length = ReadInt16();
        if (length < 0) return null;
        return Encoding.UTF8.GetString(Take(length));
    }

    public byte[]? ReadNullableBytes()
    {
        var length = ReadInt32();
        if (length < 0) return null;
        return Take(length).ToArray();
    }

    /// <summary>An array whose null form (-1) is a protocol error.</summary>
    public List<T> ReadArray<T>(Func<KafkaReader, T> readItem) =>
        ReadNullableArray(readItem) ?? throw new KafkaProtocolException("Unexpected null array.");

    public List<T>? ReadNullableArray<T>(Func<KafkaReader, T> readItem)
    {
        var count = ReadInt32();
        if (count < 0) return null;
        // Each item takes at least one byte, so a larger count can only come from a corrupt frame.
        if (count > Remaining) throw new KafkaProtocolException($"Array count {count} exceeds the frame.");
        var items = new List<T>(count);
        for (var i = 0; i < count; i++) items.Add(readItem(this));
        return items;
    }

    /// <summary>Unsigned LEB128 varint (compact lengths and tagged-field counts of flexible versions).</summary>
    public uint ReadUnsignedVarInt()
    {
        uint value = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            var b = Take(1)[0];
            value |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new KafkaProtocolException("Varint is too long.");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw new KafkaProtocolException($"Frame too short: needed {count} more bytes, {Remaining} left.");
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }
}

/// <summary>A request frame that does not decode; the connection is closed, as a real broker does.</summary>
internal sealed class KafkaProtocolException(string message) : Exception(message);
