using System.Text.RegularExpressions;

namespace Slipway.Delivery.Docker;

/// <summary>
/// Classifies OpenSSH's standard error, as ssh prints it or as the Docker CLI wraps it
/// (<c>error during connect: … command [ssh …] has exited with exit status 255 …: stderr=…</c>). Pure, so every message
/// OpenSSH prints for these cases is pinned by a unit test.
/// </summary>
internal static partial class SshFailureParser
{
    /// <summary>The failure ssh reported, or null when the text shows none of the known ones.</summary>
    public static SshFailure? Parse(string? standardError)
    {
        if (string.IsNullOrWhiteSpace(standardError))
        {
            return null;
        }

        var text = standardError.Replace("\r", string.Empty, StringComparison.Ordinal);
        if (ChangedHostKey().Match(text) is { Success: true } changed)
        {
            var offered = OfferedKey().Match(text);
            return new SshFailure(
                SshFailureKind.ChangedHostKey,
                changed.Groups["host"].Value,
                offered.Success ? offered.Groups["type"].Value : null,
                offered.Success ? offered.Groups["fingerprint"].Value : null,
                changed.Value);
        }

        if (text.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal))
        {
            var offered = OfferedKey().Match(text);
            return new SshFailure(
                SshFailureKind.ChangedHostKey,
                null,
                offered.Success ? offered.Groups["type"].Value : null,
                offered.Success ? offered.Groups["fingerprint"].Value : null,
                "REMOTE HOST IDENTIFICATION HAS CHANGED");
        }

        if (UnknownHostKey().Match(text) is { Success: true } unknown)
        {
            return new SshFailure(SshFailureKind.UnknownHostKey, unknown.Groups["host"].Value, unknown.Groups["type"].Value, null, unknown.Value);
        }

        // BatchMode with StrictHostKeyChecking=ask (a developer's own config) words the unknown key differently.
        if (AuthenticityUnknown().Match(text) is { Success: true } authenticity)
        {
            return new SshFailure(SshFailureKind.UnknownHostKey, authenticity.Groups["host"].Value, null, null, authenticity.Value);
        }

        if (text.Contains("Host key verification failed", StringComparison.Ordinal))
        {
            return new SshFailure(SshFailureKind.HostKeyRejected, null, null, null, "Host key verification failed.");
        }

        if (PermissionDenied().Match(text) is { Success: true } denied)
        {
            return new SshFailure(SshFailureKind.KeyRefused, denied.Groups["destination"].Value, null, null, denied.Value);
        }

        if (Unreachable().Match(text) is { Success: true } unreachable)
        {
            return new SshFailure(SshFailureKind.Unreachable, unreachable.Groups["host"].Value, null, null, unreachable.Value.TrimEnd('.'));
        }

        return null;
    }

    [GeneratedRegex(@"Host key for (?<host>\S+) has changed and you have requested strict checking\.?")]
    private static partial Regex ChangedHostKey();

    [GeneratedRegex(@"The fingerprint for the (?<type>\S+) key sent by the remote host is\s+(?<fingerprint>(?:SHA256|MD5):[^\s]+?)\.?(?=\s|$)")]
    private static partial Regex OfferedKey();

    [GeneratedRegex(@"No (?<type>\S+) host key is known for (?<host>\S+) and you have requested strict checking\.?")]
    private static partial Regex UnknownHostKey();

    [GeneratedRegex(@"The authenticity of host '(?<host>[^' ]+)(?: \([^)]*\))?' can't be established\.?")]
    private static partial Regex AuthenticityUnknown();

    // "root@10.0.0.2: Permission denied (publickey)." — the destination is as ssh was given it, without the port.
    [GeneratedRegex(@"(?<destination>[^\s=:]+@[^\s:]+|[^\s=:]+): Permission denied \((?<methods>[^)]*)\)\.?")]
    private static partial Regex PermissionDenied();

    [GeneratedRegex(@"ssh: (?:connect to host (?<host>\S+) port \d+: [^\n]+|Could not resolve hostname (?<host>[^:\s]+): [^\n]+)")]
    private static partial Regex Unreachable();
}
