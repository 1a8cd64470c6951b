using System.Globalization;
using Serilog;
using Slipway.Delivery.Quality;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>
/// NuGet audit over every project of the solution, transitive packages included, against the vulnerability data of
/// the configured sources (nuget.config <c>auditSources</c>, or the package sources). Fails at the given severity and
/// above unless an unexpired allow-list entry accepts the advisory; an expired entry fails on its own.
/// </summary>
internal sealed class DependencyAudit(AbsolutePath root, AbsolutePath solution, AbsolutePath scanDirectory)
{
    public const string Check = "dependencies";

    public async Task<ScanCheckResult> RunAsync(VulnerabilitySeverity failAt, AdvisoryAllowList allowList, string allowListPath, DateOnly today)
    {
        scanDirectory.CreateDirectory();
        var result = (await ToolRunner.RunAsync(SecurityCommands.VulnerablePackages(solution))).EnsureSuccess();
        var json = JsonStart(result.StandardOutput);
        await File.WriteAllTextAsync(scanDirectory / "vulnerable-packages.json", json);
        Log.Information("Vulnerability data from: {Sources}", string.Join(", ", VulnerabilityReport.Sources(json)));
        var vulnerabilities = VulnerabilityReport.Read(json, path => RepositoryPath.Relative(root, path));
        return Evaluate(vulnerabilities, failAt, allowList, allowListPath, today);
    }

    public ScanCheckResult Evaluate(
        IReadOnlyList<VulnerablePackage> vulnerabilities, VulnerabilitySeverity failAt, AdvisoryAllowList allowList, string allowListPath, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(vulnerabilities);
        ArgumentNullException.ThrowIfNull(allowList);
        var relativeAllowList = RepositoryPath.Relative(root, allowListPath);
        var failures = new List<Finding>();
        var warnings = new List<Finding>();
        foreach (var expired in allowList.Entries.Where(e => e.IsExpired(today)))
        {
            failures.Add(new Finding(relativeAllowList, null, "expired-allow-list-entry",
                $"the acceptance of {expired.Advisory} expired on {expired.Expires:yyyy-MM-dd} ({expired.Reason}): upgrade the package, or renew the entry with a new date and reason"));
        }

        foreach (var vulnerability in vulnerabilities)
        {
            var accepted = allowList.Find(vulnerability);
            var finding = new Finding(vulnerability.Project, null, vulnerability.Severity.ToString().ToUpperInvariant(), vulnerability.Describe());
            if (vulnerability.Severity < failAt)
            {
                warnings.Add(finding with { Message = finding.Message + $" (below --vulnerability-level {failAt.ToString().ToLowerInvariant()})" });
            }
            else if (accepted is not null && !accepted.IsExpired(today))
            {
                warnings.Add(finding with { Message = finding.Message + $" (accepted until {accepted.Expires:yyyy-MM-dd} in {relativeAllowList}: {accepted.Reason})" });
            }
            else
            {
                failures.Add(finding);
            }
        }

        var packages = vulnerabilities.Select(v => (v.Package, v.Version)).Distinct().Count();
        var summary = vulnerabilities.Count == 0
            ? "no known vulnerable packages"
            : string.Create(CultureInfo.InvariantCulture, $"{vulnerabilities.Count} advisory(ies) on {packages} package(s), {failures.Count(f => f.Rule != "expired-allow-list-entry")} at or above {failAt.ToString().ToLowerInvariant()} and not accepted");
        return new ScanCheckResult(Check, failures, warnings, summary);
    }

    // `dotnet list package` may print a line before the JSON (e.g. a first-run notice); the report starts at '{'.
    private static string JsonStart(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        return start < 0 ? "{}" : output[start..];
    }
}
