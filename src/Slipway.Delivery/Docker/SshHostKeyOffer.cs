namespace Slipway.Delivery.Docker;

/// <summary>A host key as the host offers it: the <c>known_hosts</c> line to pin and its fingerprint.</summary>
/// <param name="KnownHostsLine">As ssh-keyscan prints it: <c>[host]:port ssh-ed25519 AAAA…</c>.</param>
/// <param name="Fingerprint">As ssh-keygen -l prints it: <c>SHA256:…</c>.</param>
/// <param name="KeyType">As ssh-keygen -l prints it: <c>ED25519</c>.</param>
internal sealed record SshHostKeyOffer(string KnownHostsLine, string Fingerprint, string KeyType);
