using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KPops.TestWorld.Kafka.Protocol;

/// <summary>Writes the classic (non-flexible) Kafka encoding into a growing buffer.</summary>
internal sealed class KafkaWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>What has been written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public KafkaWriter WriteInt8(sbyte value)
    {
        _buffer.GetSpan(1)[0] = (byte)value;
        _buffer.Advance(1);
        return this;
    }

    public KafkaWriter WriteBool(bool value) => WriteInt8(value ? (sbyte)1 : (sbyte)0);

    public KafkaWriter WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    public KafkaWriter WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public KafkaWriter WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    /// <summary>int16 length + UTF-8, or length -1 for null.</summary>
    public KafkaWriter WriteString(string? value)
    {
        if (value is null) return WriteInt16(-1);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt16(checked((short)length));
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
        return this;
    }

    /// <summary>int32 length + bytes, or length -1 for null.</summary>
    public KafkaWriter WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
        return this;
    }

    public KafkaWriter WriteNullBytes() => WriteInt32(-1);

    /// <summary>int32 count + items, or count -1 for a null array.</summary>
    public KafkaWriter WriteArray<T>(IReadOnlyCollection<T>? items, Action<KafkaWriter, T> writeItem)
    {
        if (items is null) return WriteInt32(-1);
        WriteInt32(items.Count);
        foreach (var item in items) writeItem(this, item);
        return this;
    }

    public KafkaWriter WriteInt32Array(IReadOnlyCollection<int> items) => WriteArray(items, static (w, i) => w.WriteInt32(i));
}
