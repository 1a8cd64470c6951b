using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Tests.EndToEnd;

/// <summary>SIGTERM against the real binary on real Kestrel: zero-downtime deploys rely on this drain.</summary>
public sealed class GracefulShutdownTests
{
    [Test]
    public async Task An_in_flight_request_completes_after_SIGTERM_and_the_process_exits_0()
    {
        await using var catalog = await ServedCatalog.StartAsync(TestProvider.Sqlite, _ => [("Logging__Format", "json")]);
        var (service, port) = (catalog.Service, catalog.Port);

        var body = Encoding.UTF8.GetBytes("""{"sku":"DRAIN-1","name":"Drained","price":1.00,"stock":1}""");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/items HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAuthorization: Bearer {TestTokens.Mint()}\r\n"
            + $"Content-Length: {body.Length}\r\nExpect: 100-continue\r\nX-Correlation-ID: drain-test\r\n\r\n"));

        // Kestrel sends "100 Continue" once the endpoint starts reading the body: from here the request is in flight.
        var interim = await ReadUntilAsync(stream, "\r\n\r\n");
        Assert.That(interim, Does.StartWith("HTTP/1.1 100 Continue"));

        service.Terminate();
        await WaitUntilConnectionsAreRefusedAsync(port, service);
        await stream.WriteAsync(body);
        var response = await ReadUntilAsync(stream, terminator: null);
        var exitCode = await service.WaitForExitAsync();

        await using var db = catalog.Database.CreateContext();
        var requestLog = service.StandardOutput
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(entry => entry.TryGetProperty("RequestPath", out var path) && path.GetString() == "/api/v1/items")
            .ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(response, Does.StartWith("HTTP/1.1 201 Created"), service.AllOutput);
            Assert.That(exitCode, Is.Zero, service.AllOutput);
            Assert.That(await db.Items.CountAsync(item => item.Sku == "DRAIN-1"), Is.EqualTo(1));
            Assert.That(requestLog, Has.Count.EqualTo(1));
            Assert.That(requestLog.Single().GetProperty("CorrelationId").GetString(), Is.EqualTo("drain-test"));
            Assert.That(requestLog.Single().GetProperty("StatusCode").GetInt32(), Is.EqualTo(201));
            Assert.That(service.AllOutput, Does.Contain("in-flight requests get up to 10 s to finish"));
        });
    }

    [Test]
    public async Task An_idle_service_stops_at_once_with_exit_code_0()
    {
        await using var catalog = await ServedCatalog.StartAsync(TestProvider.Sqlite);
        var service = catalog.Service;

        service.Terminate();

        Assert.That(await service.WaitForExitAsync(), Is.Zero, service.AllOutput);
        Assert.That(service.AllOutput, Does.Contain("Application is shutting down"));
    }

    [Test]
    public async Task A_request_still_running_when_the_drain_timeout_ends_is_cut_off_and_the_process_still_exits_0()
    {
        await using var catalog = await ServedCatalog.StartAsync(TestProvider.Sqlite, _ => [("Shutdown__DrainTimeoutSeconds", "1")]);
        var (service, port) = (catalog.Service, catalog.Port);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/items HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAuthorization: Bearer {TestTokens.Mint()}\r\n"
            + "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n"));
        Assert.That(await ReadUntilAsync(stream, "\r\n\r\n"), Does.StartWith("HTTP/1.1 100 Continue"));

        service.Terminate();
        var exitCode = await service.WaitForExitAsync();   // the body never comes: only the drain timeout ends this
        var response = await ReadUntilAsync(stream, terminator: null);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, service.AllOutput);
            Assert.That(response, Does.Not.Contain("201"), "the unfinished request must not have been served");
            Assert.That(service.AllOutput, Does.Contain("in-flight requests get up to 1 s to finish"));
        });
    }

    private static async Task WaitUntilConnectionsAreRefusedAsync(int port, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"port {port} still accepted connections 15 s after SIGTERM. Output:\n{service.AllOutput}");
    }

    /// <summary>Reads until <paramref name="terminator"/> (or, when null, until the server closes the connection).</summary>
    private static async Task<string> ReadUntilAsync(NetworkStream stream, string? terminator)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[1];
        while (terminator is null || !received.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;   // reset by the server: what was received so far is the answer
            }

            if (read == 0)
            {
                break;
            }

            received.Append((char)buffer[0]);
        }

        return received.ToString();
    }
}
