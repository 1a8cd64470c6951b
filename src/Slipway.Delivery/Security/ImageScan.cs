using Slipway.Delivery.Quality;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>
/// <c>trivy image</c> over the service image, gated on HIGH and CRITICAL, with SARIF for GitHub code scanning. trivy
/// is an external tool: without it the check fails with how to install it, unless the caller skips it on purpose.
/// </summary>
public sealed class ImageScan(AbsolutePath scanDirectory)
{
    public const string Check = "image";

    public const string InstallHint =
        "trivy is not on PATH: install it (https://trivy.dev/latest/getting-started/installation/ — `brew install trivy`, " +
        "Aqua's apt/yum repository, or the release binary; the generated CI installs a pinned version), " +
        "or pass --skip-image-scan to scan everything but the image.";

    public async Task<ScanCheckResult> RunAsync(string? image, bool skip)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return ScanCheckResult.Passed(Check, "no --image given: the container image was not scanned");
        }

        if (skip)
        {
            return ScanCheckResult.Passed(Check, $"skipped for {image} (--skip-image-scan)");
        }

        if (!await IsTrivyInstalledAsync().ConfigureAwait(false))
        {
            return new ScanCheckResult(Check, [new Finding("Dockerfile", null, "trivy-missing", InstallHint)], [], $"{image} not scanned: trivy is not installed");
        }

        scanDirectory.CreateDirectory();
        var json = scanDirectory / "trivy.json";
        (await ToolRunner.RunAsync(SecurityCommands.TrivyImage(image, json)).ConfigureAwait(false)).EnsureSuccess();
        (await ToolRunner.RunAsync(SecurityCommands.TrivySarif(json, scanDirectory / "trivy.sarif")).ConfigureAwait(false)).EnsureSuccess();
        var failures = TrivyReport.Read(await File.ReadAllTextAsync(json).ConfigureAwait(false), image);
        return new ScanCheckResult(Check, failures, [], $"{image}: {failures.Count} HIGH/CRITICAL vulnerabilit(ies)");
    }

    private static async Task<bool> IsTrivyInstalledAsync()
    {
        try
        {
            return (await ToolRunner.RunAsync(SecurityCommands.TrivyVersion()).ConfigureAwait(false)).Succeeded;
        }
        catch (ToolException exception) when (exception.Result is null)
        {
            return false;
        }
    }
}
