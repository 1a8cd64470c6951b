namespace Slipway.Delivery.Docker;

/// <summary>One classified SSH failure, with what ssh said about it.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Host">The host as ssh names it (<c>[10.0.0.2]:2222</c> for a host key, <c>user@host</c> for a refused key), when it says.</param>
/// <param name="KeyType">The host key's type as ssh prints it (<c>ED25519</c>, <c>ECDSA</c>, <c>RSA</c>), when it says.</param>
/// <param name="OfferedFingerprint">The fingerprint of the key the host sent (<c>SHA256:…</c>), when ssh prints it (a changed key).</param>
/// <param name="Detail">ssh's own line that gave the failure away.</param>
internal sealed record SshFailure(SshFailureKind Kind, string? Host, string? KeyType, string? OfferedFingerprint, string Detail);
