namespace Slipway.Delivery.Security;

/// <summary>
/// <c>.slipway/licenses.json</c>: the deny-list (globs on SPDX ids) and packages accepted despite it, with the reason.
/// <code>{ "deny": ["AGPL-*", "GPL-*", "SSPL-*"], "exceptions": [ { "package": "X", "reason": "…" } ] }</code>
/// Without the file, the default deny-list applies.
/// </summary>
internal sealed record LicensePolicy(IReadOnlyList<string> Deny, IReadOnlyDictionary<string, string> Exceptions)
{
    public const string FileName = "licenses.json";

    public static IReadOnlyList<string> DefaultDeny { get; } = ["AGPL-*", "GPL-*", "SSPL-*"];

    public static LicensePolicy Default { get; } = new(DefaultDeny, new Dictionary<string, string>());

    public static LicensePolicy Load(string path)
    {
        using var document = PolicyFile.Open(path);
        if (document is null)
        {
            return Default;
        }

        var deny = document.RootElement.TryGetProperty("deny", out _)
            ? PolicyFile.Entries(document, "deny", path).Select(e => e.GetString() ?? string.Empty).Where(d => d.Length > 0).ToList()
            : [.. DefaultDeny];
        var exceptions = PolicyFile.Entries(document, "exceptions", path)
            .Select((entry, index) => (Package: PolicyFile.Required(entry, "package", path, index), Reason: PolicyFile.Required(entry, "reason", path, index)))
            .ToDictionary(e => e.Package, e => e.Reason, StringComparer.OrdinalIgnoreCase);
        return new LicensePolicy(deny, exceptions);
    }
}
