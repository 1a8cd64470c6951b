using System.Text.Json;

namespace Slipway.Delivery.Security;

/// <summary>
/// What a scan of one pushed digest found, stored with the image in its registry (an OCI referrer of
/// <see cref="ArtifactType"/>) so Promote and DeployProduction can ask "was this digest scanned, when, and what did it
/// find" without trusting a file a job passed on. Made from trivy's JSON report through <see cref="TrivyReport"/>, the
/// same parser the Scan target uses.
/// </summary>
internal sealed record ScanRecord
{
    public const string ArtifactType = "application/vnd.slipway.scan-record.v1+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The manifest digest scanned (<c>sha256:…</c>): the record is about these bytes and no others.</summary>
    public required string Digest { get; init; }

    /// <summary>The reference trivy read, e.g. <c>localhost:5000/acme/api@sha256:…</c>.</summary>
    public required string Image { get; init; }

    public string Scanner { get; init; } = "trivy";

    public string? ScannerVersion { get; init; }

    /// <summary>trivy's vulnerability database schema version (<c>VulnerabilityDB.Version</c>).</summary>
    public string? DatabaseVersion { get; init; }

    /// <summary>When the advisories trivy used were published (<c>VulnerabilityDB.UpdatedAt</c>).</summary>
    public DateTimeOffset? DatabaseUpdatedAt { get; init; }

    public required DateTimeOffset ScannedAt { get; init; }

    /// <summary>The severities the scan looked for (trivy's <c>--severity</c>): a policy that blocks on another one cannot pass on this record.</summary>
    public IReadOnlyList<string> ScannedSeverities { get; init; } = Severities;

    /// <summary>Findings per severity (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN), zeros included.</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    public required IReadOnlyList<TrivyVulnerability> Findings { get; init; }

    /// <summary>The severities trivy uses, worst first.</summary>
    public static readonly IReadOnlyList<string> Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];

    /// <summary>
    /// A record of trivy's report for <paramref name="digest"/>; the time is the report's <c>CreatedAt</c> (when trivy
    /// scanned), else <paramref name="now"/>.
    /// </summary>
    public static ScanRecord FromTrivy(
        string reportJson, TrivyVersionInfo? version, string digest, string image, DateTimeOffset now, IReadOnlyList<string>? scannedSeverities = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(image);
        var findings = TrivyReport.Vulnerabilities(reportJson);
        var (created, reportVersion) = TrivyReport.Header(reportJson);
        return new ScanRecord
        {
            Digest = digest,
            Image = image,
            ScannerVersion = version?.Version ?? reportVersion,
            DatabaseVersion = version?.DatabaseVersion,
            DatabaseUpdatedAt = version?.DatabaseUpdatedAt,
            ScannedAt = created ?? now,
            ScannedSeverities = scannedSeverities ?? Severities,
            Counts = Severities.ToDictionary(s => s, s => findings.Count(f => f.Severity == s), StringComparer.Ordinal),
            Findings = findings,
        };
    }

    public string Summary() =>
        string.Join(", ", Severities.Select(s => $"{Counts.GetValueOrDefault(s)} {s.ToLowerInvariant()}")) +
        $" ({Scanner} {ScannerVersion ?? "?"}, database {DatabaseUpdatedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, scanned {ScannedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)})";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ScanRecord Parse(byte[] json) =>
        JsonSerializer.Deserialize<ScanRecord>(json, Json) ?? throw new FormatException("The scan record is empty.");
}
