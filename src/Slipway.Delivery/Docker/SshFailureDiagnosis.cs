using System.Text;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// Turns a failed SSH connection into a stop the operator can act on: for a host key, the host, the fingerprint it
/// offers (fetched with <c>ssh-keyscan</c> and <c>ssh-keygen -lf -</c>) and the exact line to pin; for a refused key,
/// the <c>user@host</c> and which key was offered. Both are exit 2: the input is wrong, nothing on the host was touched,
/// and a retry cannot help.
/// </summary>
internal static class SshFailureDiagnosis
{
    /// <summary>The stop for a failed command's output, or null when ssh's output shows no known failure.</summary>
    /// <param name="endpoint">The host the command tried to reach.</param>
    /// <param name="standardError">The failed command's standard error (the Docker CLI passes ssh's along).</param>
    /// <param name="pinnedByVariable">Whether the pins come from DEPLOY_KNOWN_HOSTS (else the user's own known_hosts).</param>
    /// <param name="offeredKeyFingerprint">The fingerprint of the deploy key, to name it when the server refuses it.</param>
    /// <param name="cancellationToken">Stops the key scan.</param>
    public static async Task<BuildFailedException?> ExplainAsync(
        SshEndpoint endpoint,
        string? standardError,
        bool pinnedByVariable,
        string? offeredKeyFingerprint = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var failure = SshFailureParser.Parse(standardError);
        if (failure is null)
        {
            return null;
        }

        var offer = failure.Kind is SshFailureKind.UnknownHostKey or SshFailureKind.ChangedHostKey or SshFailureKind.HostKeyRejected
            ? await ScanAsync(endpoint, SshCommands.KeyScanType(failure.KeyType), cancellationToken)
            : null;
        return Explain(endpoint, failure, offer, pinnedByVariable, offeredKeyFingerprint);
    }

    /// <summary>The stop for a classified failure; pure, so every wording is unit-tested.</summary>
    public static BuildFailedException Explain(
        SshEndpoint endpoint,
        SshFailure failure,
        SshHostKeyOffer? offer,
        bool pinnedByVariable,
        string? offeredKeyFingerprint = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(failure);
        var pins = pinnedByVariable ? SshCredentials.KnownHostsVariable : "your known_hosts (~/.ssh/known_hosts) or " + SshCredentials.KnownHostsVariable;
        var host = failure.Host is { Length: > 0 } named && failure.Kind != SshFailureKind.KeyRefused ? named : endpoint.KnownHostsName;
        var message = new StringBuilder();
        switch (failure.Kind)
        {
            case SshFailureKind.UnknownHostKey:
                message.Append($"The SSH host key of {host} is not pinned: {pins} has no {failure.KeyType ?? "matching"} key for it. ")
                    .Append("Host key checking is never switched off, so nothing was run on the host.");
                AppendOffer(message, endpoint, failure, offer, pins, replace: false);
                return BuildFailedException.BadInput(message.ToString());
            case SshFailureKind.ChangedHostKey:
            case SshFailureKind.HostKeyRejected:
                message.Append(failure.Kind == SshFailureKind.ChangedHostKey
                        ? $"The SSH host key of {host} has CHANGED: the key it offers is not the one pinned in {pins}. "
                        : $"The SSH host key of {host} was rejected (ssh: \"{failure.Detail}\"). ")
                    .Append("A reinstalled server looks like this; so does a man-in-the-middle. Nothing was run on the host.");
                AppendOffer(message, endpoint, failure, offer, pins, replace: true);
                return BuildFailedException.BadInput(message.ToString());
            case SshFailureKind.KeyRefused:
                var reason = failure.Detail.IndexOf(": Permission denied", StringComparison.Ordinal) is var at and >= 0 ? failure.Detail[(at + 2)..] : failure.Detail;
                message.Append($"The SSH server {endpoint} refused the key for {failure.Host ?? endpoint.Destination} (ssh: \"{reason}\"). ");
                message.Append(pinnedByVariable
                    ? $"The key offered was the one in {SshCredentials.PrivateKeyVariable}"
                    : "The keys offered were your own (ssh-agent, ~/.ssh)");
                message.Append(offeredKeyFingerprint is null ? ". " : $" ({offeredKeyFingerprint}). ");
                message.Append($"Add its public half to ~{endpoint.User ?? string.Empty}/.ssh/authorized_keys on the server ")
                    .Append("(ssh-keygen -y -f <key file> prints it), or correct the secret.");
                return BuildFailedException.BadInput(message.ToString());
            case SshFailureKind.Unreachable:
            default:
                return new BuildFailedException(
                    $"Could not reach the SSH server {endpoint} ({failure.Detail}). Check the address and port in DOCKER_HOST, and that sshd runs and the runner may connect to it.");
        }
    }

    private static void AppendOffer(StringBuilder message, SshEndpoint endpoint, SshFailure failure, SshHostKeyOffer? offer, string pins, bool replace)
    {
        var fingerprint = offer?.Fingerprint ?? failure.OfferedFingerprint;
        var keyType = offer?.KeyType ?? failure.KeyType;
        message.Append('\n');
        message.Append(fingerprint is null
            ? $"The key it offers could not be fetched ({SshKnownHosts.KeyScanHint(endpoint)} got no answer)."
            : $"It offers the {keyType ?? "host"} key {fingerprint}.").Append('\n');
        message.Append("Check that fingerprint on the server itself (ssh-keygen -lf /etc/ssh/ssh_host_")
            .Append((SshCommands.KeyScanType(keyType) ?? "ed25519").Replace("-sk", string.Empty, StringComparison.Ordinal))
            .Append("_key.pub), never from this message alone.\n");
        message.Append(replace ? $"If the change is expected, replace the line for {endpoint.KnownHostsName} in {pins} with:" : $"Then pin it: add this line to {pins}:");
        message.Append("\n  ").Append(offer?.KnownHostsLine ?? $"<the line {SshKnownHosts.KeyScanHint(endpoint)} prints>");
    }

    private static async Task<SshHostKeyOffer?> ScanAsync(SshEndpoint endpoint, string? keyType, CancellationToken cancellationToken)
    {
        try
        {
            var scan = await ToolRunner.RunAsync(SshCommands.KeyScan(endpoint, keyType), cancellationToken);
            var lines = scan.OutputLines.Where(line => !line.StartsWith('#')).ToList();
            if (lines.Count == 0)
            {
                return null;
            }

            var line = lines[0];
            var fingerprints = await ToolRunner.RunAsync(SshCommands.Fingerprints(line + "\n"), cancellationToken);
            // "256 SHA256:abc… [10.0.0.2]:2222 (ED25519)"
            var fields = fingerprints.OutputLines is [var first, ..] ? first.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null;
            if (!fingerprints.Succeeded || fields is null || fields.Length < 3)
            {
                return null;
            }

            return new SshHostKeyOffer(line, fields[1], fields[^1].Trim('(', ')'));
        }
        catch (ToolException)
        {
            // The diagnosis is best effort: the stop still names the host and how to fetch the key by hand.
            return null;
        }
    }
}
