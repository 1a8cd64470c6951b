using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// A server that closes a kept-alive connection just as the edge sends a request on it (a Swarm task being stopped behind
/// the one upstream all tasks share, docs/benchmarks-swarm.md): a safe request is sent again on a new connection and the
/// client gets its answer; an unsafe one is never repeated.
/// </summary>
[TestFixture]
public sealed class EdgeRetryTests : EdgeFixture
{
    private ClosingUpstream upstream = null!;

    [SetUp]
    public async Task ServeTheClosingUpstreamAsync()
    {
        upstream = new ClosingUpstream();
        await Edge.Client.AssignAsync(EdgeSlot.Green, upstream.Endpoint);
        await Edge.Client.SwitchToAsync(EdgeSlot.Green);
    }

    [TearDown]
    public void StopTheClosingUpstream() => upstream.Dispose();

    [Test]
    public async Task A_GET_the_server_closed_the_connection_on_is_sent_again_and_answered()
    {
        var answers = await SendOnOneConnectionAsync("GET /first", "GET /close-if-reused");

        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[] { "answered GET /first", "answered GET /close-if-reused" }), "answered on the edge's new connection to the server");
            Assert.That(upstream.Seen("GET /close-if-reused"), Is.EqualTo(2), "closed on the reused connection, then answered on a new one");
        });
    }

    [Test]
    public async Task A_POST_the_server_closed_the_connection_on_is_never_sent_twice()
    {
        var answers = await SendOnOneConnectionAsync("GET /first", "POST /close-if-reused");

        Assert.Multiple(() =>
        {
            Assert.That(answers[0], Is.EqualTo("answered GET /first"));
            Assert.That(answers[1], Is.Not.EqualTo("answered POST /close-if-reused"), "the server never answered it");
            Assert.That(upstream.Seen("POST /close-if-reused"), Is.EqualTo(1), "the app may have acted on it: never repeated");
        });
    }

    /// <summary>
    /// Sends each request on one kept-alive connection to the edge, as wrk and most non-browser clients do, and never
    /// retries (HttpClient would resend a request whose pooled connection closed, hiding what the edge did). Each answer
    /// is the response's body, its status line when not 200, or "closed" when the edge closed the connection instead.
    /// </summary>
    private async Task<string[]> SendOnOneConnectionAsync(params string[] requests)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Edge.Settings.PublicEndpoint.Port);
        var stream = client.GetStream();
        var answers = new List<string>();
        foreach (var request in requests)
        {
            const string Body = "order 42";
            var content = request.StartsWith("POST", StringComparison.Ordinal) ? $"Content-Length: {Body.Length}\r\n\r\n{Body}" : "\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{request} HTTP/1.1\r\nHost: localhost\r\n{content}"));
            var head = await ReadHeadAsync(stream);
            if (head is null)
            {
                answers.Add("closed");
                break;
            }

            var body = new byte[ContentLength(head)];
            await stream.ReadExactlyAsync(body);
            answers.Add(head[0].Contains(" 200 ", StringComparison.Ordinal) ? Encoding.ASCII.GetString(body) : head[0]);
        }

        return [.. answers];
    }

    private static int ContentLength(string[] head) =>
        head.Select(line => line.Split(':', 2)).Where(h => h.Length == 2 && h[0].Equals("content-length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>The request or response head (start line and headers) read up to its blank line; null when the peer closed first.</summary>
    private static async Task<string[]?> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 4 || !(bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            try
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    return null;
                }
            }
            catch (IOException)
            {
                return null;
            }

            bytes.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. bytes]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Answers every request, keeping the connection alive, except a request for <c>/close-if-reused</c> that is not the
    /// first on its connection: that connection is closed without a byte of answer.
    /// </summary>
    private sealed class ClosingUpstream : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);

        public ClosingUpstream()
        {
            listener.Start();
            _ = AcceptAsync();
        }

        public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

        public int Seen(string requestLine) => seen.GetValueOrDefault(requestLine);

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using (connection)
            {
                var stream = connection.GetStream();
                try
                {
                    for (var index = 0; ; index++)
                    {
                        var head = await ReadHeadAsync(stream);
                        if (head is null)
                        {
                            return;
                        }

                        var requestLine = string.Join(' ', head[0].Split(' ')[..2]);
                        seen.AddOrUpdate(requestLine, 1, (_, count) => count + 1);
                        await stream.ReadExactlyAsync(new byte[ContentLength(head)]);
                        if (index > 0 && requestLine.EndsWith(" /close-if-reused", StringComparison.Ordinal))
                        {
                            return;
                        }

                        var body = $"answered {requestLine}";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(
                            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: keep-alive\r\n\r\n{body}"));
                    }
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
