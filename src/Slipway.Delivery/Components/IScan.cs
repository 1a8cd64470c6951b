using System.Xml.Linq;
using Serilog;
using Serilog.Events;
using Slipway.Delivery.Quality;
using Slipway.Delivery.Security;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>
/// The security gate: static analysis (SARIF), vulnerable NuGet packages, credentials in the repository, the container
/// image (trivy) and dependency licenses. Every check runs even when an earlier one fails, so one run shows everything;
/// reports go to <c>artifacts/scan/</c>, policies live in <c>.slipway/</c>.
/// </summary>
public interface IScan : IRestore, IHazImage, IHazRegistryCredentials
{
    [Parameter("Scan: fail on vulnerable packages at this severity and above: low, moderate, high (default), critical")]
    VulnerabilitySeverity VulnerabilityLevel => this.GetParameter<VulnerabilitySeverity?>() ?? VulnerabilitySeverity.High;

    [Parameter("Scan: do not scan the container image, e.g. where trivy is not installed")]
    bool SkipImageScan => this.GetParameter<bool?>() ?? false;

    [Parameter("Scan: without --image, scan <registry>/<image-repository>:<tag> as the registry serves it, e.g. main (what Push published last from main)")]
    string? ScanImageTag => this.GetParameter<string>();

    AbsolutePath ScanDirectory => ArtifactsDirectory / "scan";

    /// <summary>Allow-lists and deny-lists of the scan, reviewed like code.</summary>
    AbsolutePath SecurityPolicyDirectory => RootDirectory / ".slipway";

    Target Scan => _ => _
        .Description("Static security analysis, vulnerable and denied dependencies, secrets, container image")
        .DependsOn<IRestore>()
        .Produces("artifacts/scan")
        // The secret scan reads every file, so every file is an input. Advisories are published daily: the date is an
        // input, so a cached pass is at most a day old. An image named by tag can change under the same name, so a
        // run that scans one is never taken from the cache (a value that differs every run).
        .Inputs("**", "!artifacts/**", "!.nuke/**").InputValue(() => DateOnly.FromDateTime(DateTime.UtcNow))
        .InputValue(() => VulnerabilityLevel).InputValue(() => SkipImageScan).InputValue(() => Image)
        .InputValue(() => ScanImageTag is null ? null : Guid.NewGuid().ToString())
        .Outputs("artifacts/scan/")
        .Executes(RunScanAsync);

    async Task RunScanAsync()
    {
        // Policies are read first: a malformed file is bad input (exit 2) before anything runs.
        var advisoriesPath = SecurityPolicyDirectory / AdvisoryAllowList.FileName;
        var secretsPath = SecurityPolicyDirectory / SecretAllowList.FileName;
        var licensesPath = SecurityPolicyDirectory / LicensePolicy.FileName;
        var advisories = AdvisoryAllowList.Load(advisoriesPath);
        var secrets = SecretAllowList.Load(secretsPath);
        var licenses = LicensePolicy.Load(licensesPath);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var projects = SastScope.AllProjects(XDocument.Load(Solution)).Select(p => RootDirectory / p).ToList();
        var image = ImageScanRequest.Resolve(
            Image, ScanImageTag, Registry, ImageRepository, string.IsNullOrWhiteSpace(Image) && string.IsNullOrWhiteSpace(ScanImageTag) ? null : RegistryLogin());

        if (ScanDirectory.DirectoryExists)
        {
            Directory.Delete(ScanDirectory, recursive: true);
        }

        ScanDirectory.CreateDirectory();
        var results = new List<ScanCheckResult>
        {
            await new SastScan(RootDirectory, Solution, ScanDirectory).RunAsync(Configuration),
            await new DependencyAudit(RootDirectory, Solution, ScanDirectory).RunAsync(VulnerabilityLevel, advisories, advisoriesPath, today),
            await new SecretScan(RootDirectory).RunAsync(secrets, secretsPath),
            await new LicenseScan(RootDirectory, ScanDirectory).RunAsync(projects, licenses, licensesPath),
            await new ImageScan(ScanDirectory).RunAsync(image, SkipImageScan),
        };

        foreach (var result in results)
        {
            FindingLog.Write(result.Warnings, LogEventLevel.Warning);
            FindingLog.Write(result.Failures);
            Log.Information("Scan {Check}: {Summary}", result.Check, result.Summary);
        }

        var failed = results.Where(r => r.Failed).ToList();
        Host.AddSummaryNote("Scan: " + string.Join("; ", results.Select(r => $"{r.Check} {(r.Failed ? "FAILED" : "ok")} ({r.Summary})")));
        if (failed.Count > 0)
        {
            throw new BuildFailedException(
                "Scan failed: " + string.Join("; ", failed.Select(r => $"{r.Check}: {r.Failures.Count} finding(s), first: {r.Failures[0].ToString().TrimEnd('.')}")) +
                ". Reports are in artifacts/scan/, accepted exceptions in .slipway/ (docs/gates.md).");
        }
    }
}
