using Slipway.Engine;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The pinned host keys of <c>DEPLOY_KNOWN_HOSTS</c>: <c>known_hosts</c> lines as <c>ssh-keyscan</c> prints them
/// (<c>[host]:port key-type base64</c>, hashed host names and <c>@cert-authority</c> lines included). Checked for shape
/// only: whether a line matches the host is OpenSSH's call, so hashed names and wildcards keep working.
/// </summary>
internal sealed class SshKnownHosts
{
    private SshKnownHosts(IReadOnlyList<string> lines) => Lines = lines;

    public IReadOnlyList<string> Lines { get; }

    /// <summary>The file OpenSSH reads, one line each, comments and blank lines dropped.</summary>
    public string FileText => string.Concat(Lines.Select(line => line + "\n"));

    /// <summary>Parses the variable's value; empty or malformed input is bad input (exit 2) naming the line.</summary>
    public static SshKnownHosts Parse(string? value, SshEndpoint endpoint, string source = "DEPLOY_KNOWN_HOSTS")
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var lines = new List<string>();
        var number = 0;
        foreach (var raw in (value ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var offset = fields[0].StartsWith('@') ? 1 : 0;
            if (fields.Length < offset + 3 || !IsBase64(fields[offset + 2]))
            {
                throw BuildFailedException.BadInput(
                    $"{source}, line {number}, is not a known_hosts line (expected 'host key-type base64-key', as ssh-keyscan prints it): '{Shorten(line)}'.");
            }

            lines.Add(string.Join(' ', fields));
        }

        if (lines.Count == 0)
        {
            throw BuildFailedException.BadInput(
                $"{source} is empty, so the host key of {endpoint.KnownHostsName} cannot be checked (and checking is never switched off). "
                + $"Set it to the host's keys: {KeyScanHint(endpoint)}, after checking the fingerprints on the server.");
        }

        return new SshKnownHosts(lines);
    }

    /// <summary>The command that prints the lines to pin for an endpoint.</summary>
    public static string KeyScanHint(SshEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Port == SshEndpoint.DefaultPort
            ? $"ssh-keyscan {endpoint.Host}"
            : $"ssh-keyscan -p {endpoint.Port} {endpoint.Host}";
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0;
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
