using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>
/// A bare Kafka protocol connection for wire-level tests that no real client would produce on demand
/// (pipelining, unsupported versions, auto-creation flags). Requests use header v1; responses header v0.
/// </summary>
internal sealed class RawKafkaConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawKafkaConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawKafkaConnection> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawKafkaConnection(client);
    }

    /// <summary>A framed request: size, api key, version, correlation id, client id "raw", body.</summary>
    public static byte[] Request(short apiKey, short version, int correlationId, Action<BodyWriter>? body = null)
    {
        var writer = new BodyWriter().Int16(apiKey).Int16(version).Int32(correlationId).String("raw");
        body?.Invoke(writer);
        var payload = writer.ToArray();
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>Writes all frames in one go, so they arrive pipelined.</summary>
    public async Task SendAsync(params byte[][] frames) => await _stream.WriteAsync(frames.SelectMany(f => f).ToArray());

    /// <summary>The next response (correlation id and body), or null when the broker closed the connection.</summary>
    public async Task<(int CorrelationId, BodyReader Body)?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var size = new byte[4];
        try
        {
            if (await _stream.ReadAtLeastAsync(size, 4, throwOnEndOfStream: false, timeout.Token) < 4) return null;
            var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
            await _stream.ReadExactlyAsync(frame, timeout.Token);
            var reader = new BodyReader(frame);
            return (reader.Int32(), reader);
        }
        catch (IOException)
        {
            return null; // reset by the broker
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}

/// <summary>Big-endian writer for request bodies.</summary>
internal sealed class BodyWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public BodyWriter Int8(sbyte value)
    {
        _buffer.Write([(byte)value]);
        return this;
    }

    public BodyWriter Bool(bool value) => Int8(value ? (sbyte)1 : (sbyte)0);

    public BodyWriter Int16(short value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public BodyWriter Int32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public BodyWriter Int64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public BodyWriter NullString() => Int16(-1);

    public BodyWriter NullArray() => Int32(-1);

    public BodyWriter String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int16((short)bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    public BodyWriter StringArray(params string[] values)
    {
        Int32(values.Length);
        foreach (var v in values) String(v);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}

/// <summary>Big-endian reader for response bodies.</summary>
internal sealed class BodyReader(byte[] buffer)
{
    private int _position;

    public int Remaining => buffer.Length - _position;

    public bool Bool() => buffer[_position++] != 0;

    public short Int16()
    {
        var v = BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(_position));
        _position += 2;
        return v;
    }

    public int Int32()
    {
        var v = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(_position));
        _position += 4;
        return v;
    }

    public string? String()
    {
        var length = Int16();
        if (length < 0) return null;
        var s = Encoding.UTF8.GetString(buffer, _position, length);
        _position += length;
        return s;
    }
}
