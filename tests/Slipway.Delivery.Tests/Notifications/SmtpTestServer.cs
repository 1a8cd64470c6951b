using System.Net;
using System.Net.Sockets;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (.ci/provision-smtp.sh) with its Mailbox handler, which stores
/// every message it accepts in a maildir the test reads. A missing aiosmtpd fails the test, naming the script.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly CancellationTokenSource stop;
    private readonly Task<ToolResult> run;

    private SmtpTestServer(int port, string maildir, CancellationTokenSource stop, Task<ToolResult> run)
    {
        Port = port;
        Maildir = maildir;
        this.stop = stop;
        this.run = run;
    }

    public int Port { get; }

    public string Maildir { get; }

    public static async Task<SmtpTestServer> StartAsync()
    {
        var probe = await ToolRunner.RunAsync(new ToolInvocation(Python, "-c", "import aiosmtpd") { LogOutput = false });
        Assert.That(probe.ExitCode, Is.Zero, "aiosmtpd is missing: run .ci/provision-smtp.sh (installs Debian's python3-aiosmtpd)");
        var port = FreePort();
        var maildir = Directory.CreateTempSubdirectory("slipway-smtp-").FullName;
        Directory.Delete(maildir);
        var stop = new CancellationTokenSource();
        var run = ToolRunner.RunAsync(new ToolInvocation(Python, "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir)
        {
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(10),
        }, stop.Token);
        var server = new SmtpTestServer(port, maildir, stop, run);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        var why = run.IsCompleted ? (await run).StandardError : "no answer in 10 s";
        await server.DisposeAsync();
        Assert.Fail($"aiosmtpd did not listen on 127.0.0.1:{port}: {why}");
        return null!;
    }

    /// <summary>The raw messages received so far.</summary>
    public IReadOnlyList<string> Messages()
    {
        var delivered = Path.Combine(Maildir, "new");
        return Directory.Exists(delivered) ? [.. Directory.EnumerateFiles(delivered).Select(File.ReadAllText)] : [];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        stop.Dispose();
        if (Directory.Exists(Maildir))
        {
            Directory.Delete(Maildir, recursive: true);
        }
    }
}
