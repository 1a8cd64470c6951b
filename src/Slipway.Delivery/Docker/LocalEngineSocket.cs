using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The unix socket of a local engine, when the settings name it beyond doubt, and its version asked over that socket in
/// the process (Docker's own <c>GET /_ping</c>, the API Docker.DotNet would call, whose <c>Server</c> header names the
/// engine's version) instead of by starting a CLI. An on-call engineer's rollback connects first: the CLI's version
/// query is a tenth of a second of it (the engine asks runc and containerd for theirs), the ping under a millisecond. Anything unusual
/// (another current context, a missing socket, an engine that does not answer) returns null, and the caller asks the
/// CLI, whose answer and error messages stay the reference. <see cref="DockerEndpoint.MayBeLocal"/> reads the settings
/// through <see cref="Resolve"/> as well: one reading of which engine the CLI would use.
/// </summary>
internal static class LocalEngineSocket
{
    private const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>
    /// The socket <paramref name="endpoint"/> reaches, or null when it is not a local unix socket or when the CLI might
    /// choose another engine (a context named on the command line, in <c>DOCKER_CONTEXT</c> or as the config's current one).
    /// </summary>
    /// <param name="endpoint">The engine chosen for the run.</param>
    /// <param name="processDockerHost">This process's <c>DOCKER_HOST</c>.</param>
    /// <param name="processDockerContext">This process's <c>DOCKER_CONTEXT</c>.</param>
    /// <param name="currentContext">The <c>currentContext</c> of the CLI's config file, if it has one.</param>
    public static string? Resolve(DockerEndpoint endpoint, string? processDockerHost, string? processDockerContext, string? currentContext)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Context is not null)
        {
            return null;
        }

        var host = endpoint.Host ?? (string.IsNullOrEmpty(processDockerHost) ? null : processDockerHost);
        if (host is not null)
        {
            return host.StartsWith("unix://", StringComparison.Ordinal) && host.Length > "unix://".Length ? host["unix://".Length..] : null;
        }

        // An empty DOCKER_CONTEXT is no context; an empty currentContext stands for a config that could not be read.
        return (string.IsNullOrEmpty(processDockerContext) || IsDefaultContext(processDockerContext)) && IsDefaultContext(currentContext) ? DefaultSocket : null;
    }

    /// <summary>The <c>currentContext</c> of the CLI config in <paramref name="dockerConfig"/> (else <c>DOCKER_CONFIG</c>, else <c>~/.docker</c>); "" when unreadable, so no socket is assumed.</summary>
    public static string? CurrentContext(string? dockerConfig)
    {
        var directory = dockerConfig ?? Environment.GetEnvironmentVariable("DOCKER_CONFIG")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        var file = Path.Combine(directory, "config.json");
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("currentContext", out var context) && context.ValueKind == JsonValueKind.String
                ? context.GetString()
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return string.Empty;
        }
    }

    /// <summary>The engine's version (from the <c>Server</c> header of <c>GET /_ping</c>) over <paramref name="socketPath"/>; null if it does not answer so within a second.</summary>
    public static async Task<string?> TryVersionAsync(string socketPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socketPath);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
            // HTTP/1.0: the engine closes the connection after its answer, so the answer is whatever arrives until then.
            await socket.SendAsync("GET /_ping HTTP/1.0\r\n\r\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            using var answer = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }

            return ParseVersion(Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length));
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The engine version in a 200 answer's <c>Server: Docker/&lt;version&gt; (&lt;os&gt;)</c> header; null otherwise.</summary>
    internal static string? ParseVersion(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0 || !response.StartsWith("HTTP/1.", StringComparison.Ordinal) || response.Split(' ', 3) is not [_, "200", _])
        {
            return null;
        }

        foreach (var line in response[..headerEnd].Split("\r\n"))
        {
            if (line.StartsWith("Server:", StringComparison.OrdinalIgnoreCase)
                && line["Server:".Length..].Trim() is var server && server.StartsWith("Docker/", StringComparison.Ordinal))
            {
                var version = server["Docker/".Length..].Split(' ', 2)[0];
                return version.Length > 0 ? version : null;
            }
        }

        return null;
    }

    private static bool IsDefaultContext(string? context) => context is null || context == "default";
}
