using System.Text.Json;

namespace Slipway.Delivery.Security;

/// <summary>
/// <c>.slipway/secrets-allowlist.json</c>: where credential-looking values are allowed, and why.
/// <code>{ "allowed": [ { "path": "tests/**/Fixtures/*.pem", "rule": "private-key", "reason": "throw-away key for TLS tests" } ] }</code>
/// </summary>
internal sealed class SecretAllowList(IReadOnlyList<AllowedSecret> entries)
{
    public const string FileName = "secrets-allowlist.json";

    public IReadOnlyList<AllowedSecret> Entries { get; } = entries;

    public static SecretAllowList Load(string path)
    {
        using var document = PolicyFile.Open(path);
        var entries = PolicyFile.Entries(document, "allowed", path).Select((entry, index) => new AllowedSecret(
            PolicyFile.Required(entry, "path", path, index),
            PolicyFile.Text(entry, "rule"),
            entry.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null,
            PolicyFile.Required(entry, "reason", path, index)));
        return new SecretAllowList([.. entries]);
    }

    public bool Allows(SecretFinding finding) => Entries.Any(e => e.Covers(finding));
}
