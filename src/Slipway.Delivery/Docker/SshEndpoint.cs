using System.Globalization;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The SSH side of a <c>DOCKER_HOST=ssh://[user@]host[:port]</c>: who logs in where, and the name the host's key is
/// filed under in <c>known_hosts</c> (OpenSSH writes a non-default port as <c>[host]:port</c>).
/// </summary>
internal sealed record SshEndpoint(string? User, string Host, int Port)
{
    public const int DefaultPort = 22;

    /// <summary>The endpoint of an <c>ssh://</c> Docker host; null for any other scheme (unix, tcp, npipe) or none.</summary>
    public static SshEndpoint? FromDockerHost(string? dockerHost)
    {
        if (string.IsNullOrWhiteSpace(dockerHost)
            || !dockerHost.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!Uri.TryCreate(dockerHost.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{dockerHost}' is not a valid ssh:// Docker host (expected ssh://user@host[:port]).");
        }

        // The Docker CLI's connection helper accepts a user but no password, path or query; neither do we.
        if (uri.UserInfo.Contains(':', StringComparison.Ordinal)
            || uri.AbsolutePath is not ("" or "/")
            || uri.Query.Length > 0)
        {
            throw new FormatException(
                $"'{dockerHost}' is not a valid ssh:// Docker host: only ssh://user@host[:port] is supported (no password, path or query).");
        }

        var user = uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo) : null;
        // An IPv6 literal is kept without its brackets: known_hosts and ssh's destination take it bare.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.DnsSafeHost : uri.IdnHost;
        return new SshEndpoint(user, host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
    }

    /// <summary>What <c>ssh</c> is given as its destination: <c>user@host</c>, or the host alone.</summary>
    public string Destination => User is null ? Host : $"{User}@{Host}";

    /// <summary>The host as it appears in a <c>known_hosts</c> line: <c>host</c> on port 22, <c>[host]:port</c> otherwise.</summary>
    public string KnownHostsName => Port == DefaultPort
        ? Host
        : $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => Port == DefaultPort
        ? Destination
        : $"{Destination}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
