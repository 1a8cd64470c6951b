using System.Text.Json;

namespace Slipway.Delivery.Security;

/// <summary>
/// <c>trivy version --format json</c>: the scanner's version and its vulnerability database's schema version and
/// update time, which a scan record keeps so a reader can tell how current the advisories were.
/// </summary>
internal sealed record TrivyVersionInfo(string? Version, string? DatabaseVersion, DateTimeOffset? DatabaseUpdatedAt)
{
    // trivy's property names, not this record's (the analyzer would have them as nameof).
    private const string VersionProperty = "Version";

    public static TrivyVersionInfo Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var version = root.TryGetProperty(VersionProperty, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (!root.TryGetProperty("VulnerabilityDB", out var db) || db.ValueKind != JsonValueKind.Object)
        {
            return new TrivyVersionInfo(version, null, null);
        }

        var schema = db.TryGetProperty(VersionProperty, out var s) ? s.ToString() : null;
        DateTimeOffset? updated = db.TryGetProperty("UpdatedAt", out var u) && u.ValueKind == JsonValueKind.String && u.TryGetDateTimeOffset(out var at) ? at : null;
        return new TrivyVersionInfo(version, schema, updated);
    }
}
