using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Slipway.Delivery.Edge;

/// <summary>The runtime API over the edge's unix socket, from the same host (never TCP: the API has no authentication).</summary>
internal sealed class SocketRuntimeTransport : IEdgeRuntimeTransport
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly EndPoint endpoint;
    private readonly TimeSpan timeout;

    private SocketRuntimeTransport(EndPoint endpoint, string description, TimeSpan? timeout)
    {
        this.endpoint = endpoint;
        Description = description;
        this.timeout = timeout ?? DefaultTimeout;
    }

    public string Description { get; }

    public static SocketRuntimeTransport UnixSocket(string socketPath, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        return new SocketRuntimeTransport(new UnixDomainSocketEndPoint(socketPath), $"unix socket {socketPath}", timeout);
    }

    public async Task<string> SendAsync(string commandLine, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandLine);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(commandLine + "\n"), deadline.Token);

            // HAProxy closes the connection once it has answered the line; reading to the end gets the whole answer.
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdgeRuntimeApiException(commandLine, $"The edge's runtime API ({Description}) did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (SocketException exception)
        {
            throw new EdgeRuntimeApiException(
                commandLine,
                $"Cannot reach the edge's runtime API ({Description}): {exception.Message}. Is the edge running?",
                exception);
        }
    }
}
