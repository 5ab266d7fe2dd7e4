using System.Buffers.Binary;
using System.Net.Sockets;
using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka;

/// <summary>
/// One client connection. Requests are read and answered strictly one after another, which keeps pipelined
/// requests (librdkafka sends several before reading) answered in order, as Kafka requires.
/// </summary>
internal sealed class KafkaConnection(Socket socket, RequestDispatcher dispatcher)
{
    /// <summary>Kafka's default <c>socket.request.max.bytes</c>; anything larger is a corrupt frame.</summary>
    private const int MaxFrameSize = 100 * 1024 * 1024;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(Action<KafkaConnection> onClosed, CancellationToken cancellationToken)
    {
        Completion = Task.Run(async () =>
        {
            try
            {
                await RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or KafkaProtocolException)
            {
                // The client went away, the double is stopping, or the frame was garbage: close either way.
            }
            catch (Exception e)
            {
                dispatcher.ReportInternalError(e);
            }
            finally
            {
                Close();
                onClosed(this);
            }
        }, CancellationToken.None);
    }

    /// <summary>Closes the socket at once (no lingering), which fails any pending read.</summary>
    public void Close()
    {
        try
        {
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // already closed
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var sizeBuffer = new byte[4];
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await stream.ReadAtLeastAsync(sizeBuffer, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 4) return;
            var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
            if (size < 8 || size > MaxFrameSize) return;
            var frame = new byte[size];
            await stream.ReadExactlyAsync(frame, cancellationToken).ConfigureAwait(false);

            var response = await dispatcher.HandleAsync(frame, cancellationToken).ConfigureAwait(false);
            if (response is null) return;
            await stream.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }
}
