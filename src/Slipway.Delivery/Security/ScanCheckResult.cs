using Slipway.Delivery.Quality;

namespace Slipway.Delivery.Security;

/// <summary>What one check of the Scan target found: findings that fail it, findings that only warn, and one line for the summary.</summary>
internal sealed record ScanCheckResult(string Check, IReadOnlyList<Finding> Failures, IReadOnlyList<Finding> Warnings, string Summary)
{
    public bool Failed => Failures.Count > 0;

    public static ScanCheckResult Passed(string check, string summary, IReadOnlyList<Finding>? warnings = null) =>
        new(check, [], warnings ?? [], summary);
}
