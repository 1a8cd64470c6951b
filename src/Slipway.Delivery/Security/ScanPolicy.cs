using System.Globalization;
using Slipway.Engine;

namespace Slipway.Delivery.Security;

/// <summary>
/// What counts as a passing scan record: the newest record of the digest is at most <see cref="MaxAge"/> old and has no
/// finding at a severity in <see cref="FailOn"/> (CRITICAL and HIGH by default, as Scan's trivy run) that the advisory
/// allow list (<c>.slipway/advisories.json</c>, unexpired entries) does not accept. Pure: the caller reads the records.
/// </summary>
internal sealed record ScanPolicy(IReadOnlyList<string> FailOn, TimeSpan MaxAge)
{
    public static readonly IReadOnlyList<string> DefaultFailOn = ["CRITICAL", "HIGH"];

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);

    public static ScanPolicy Default { get; } = new(DefaultFailOn, DefaultMaxAge);

    /// <summary>A policy from parameters: severities by trivy's names (any case), an age above zero; anything else is bad input.</summary>
    public static ScanPolicy From(IReadOnlyList<string>? failOn, TimeSpan? maxAge)
    {
        var severities = failOn is { Count: > 0 } ? failOn.Select(s => s.Trim().ToUpperInvariant()).ToList() : [.. DefaultFailOn];
        if (severities.FirstOrDefault(s => !ScanRecord.Severities.Contains(s)) is { } unknown)
        {
            throw BuildFailedException.BadInput($"--scan-fail-on '{unknown}' is not a trivy severity: use {string.Join(", ", ScanRecord.Severities)} (default: CRITICAL,HIGH).");
        }

        if (maxAge is { } age && age <= TimeSpan.Zero)
        {
            throw BuildFailedException.BadInput($"--scan-max-age {age} is not a positive time span: use e.g. 168h (7 days) or 12h.");
        }

        return new ScanPolicy(severities, maxAge ?? DefaultMaxAge);
    }

    public ScanVerdict Evaluate(IReadOnlyList<ScanRecord> records, string digest, AdvisoryAllowList allowList, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(allowList);
        var record = records.Where(r => string.Equals(r.Digest, digest, StringComparison.OrdinalIgnoreCase)).MaxBy(r => r.ScannedAt);
        if (record is null)
        {
            return new ScanVerdict(false, $"{digest} has no scan record in the registry", null, [], []);
        }

        var age = now - record.ScannedAt;
        if (age > MaxAge)
        {
            return new ScanVerdict(false,
                $"the newest scan record of {digest} is {Describe(age)} old (scanned {record.ScannedAt.ToString("u", CultureInfo.InvariantCulture)}), older than the {Describe(MaxAge)} allowed",
                record, [], []);
        }

        if (FailOn.FirstOrDefault(s => !record.ScannedSeverities.Contains(s)) is { } unscanned)
        {
            return new ScanVerdict(false,
                $"the scan record of {digest} looked for {string.Join("/", record.ScannedSeverities)} only, not {unscanned}, which this policy blocks on", record, [], []);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var blocking = new List<TrivyVulnerability>();
        var accepted = new List<(TrivyVulnerability, AcceptedAdvisory)>();
        foreach (var finding in record.Findings.Where(f => FailOn.Contains(f.Severity)))
        {
            if (allowList.Entries.FirstOrDefault(e => !e.IsExpired(today) && e.Covers(finding)) is { } entry)
            {
                accepted.Add((finding, entry));
            }
            else
            {
                blocking.Add(finding);
            }
        }

        var failOn = string.Join("/", FailOn);
        return blocking.Count == 0
            ? new ScanVerdict(true,
                $"scan record of {digest}: no {failOn} finding" + (accepted.Count > 0 ? $" beyond {accepted.Count} accepted in the allow list" : string.Empty) + $"; {record.Summary()}",
                record, [], accepted)
            : new ScanVerdict(false,
                $"the scan record of {digest} has {blocking.Count} {failOn} finding(s): {string.Join("; ", blocking.Take(5).Select(b => b.Describe()))}" +
                (blocking.Count > 5 ? $"; and {blocking.Count - 5} more" : string.Empty) + $" — {record.Summary()}",
                record, blocking, accepted);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} day(s)" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hour(s)" : $"{span.TotalMinutes:0} minute(s)";
}
