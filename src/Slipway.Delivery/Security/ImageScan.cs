using Slipway.Delivery.Quality;
using Slipway.Engine.IO;
using Slipway.Engine.Logging;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>
/// <c>trivy image</c> over the service image, gated on HIGH and CRITICAL, with SARIF for GitHub code scanning. trivy
/// is an external tool: without it the check fails with how to install it, unless the caller skips it on purpose.
/// </summary>
internal sealed class ImageScan(AbsolutePath scanDirectory)
{
    public const string Check = "image";

    public const string InstallHint =
        "trivy is not on PATH: install it (https://trivy.dev/latest/getting-started/installation/ — `brew install trivy`, " +
        "Aqua's apt/yum repository, or the release binary; the generated CI installs a pinned version), " +
        "or pass --skip-image-scan to scan everything but the image.";

    public async Task<ScanCheckResult> RunAsync(ImageScanRequest request, bool skip)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = request.Image;
        if (string.IsNullOrWhiteSpace(image))
        {
            return ScanCheckResult.Passed(Check, "no --image or --scan-image-tag given: the container image was not scanned");
        }

        if (skip)
        {
            return ScanCheckResult.Passed(Check, $"skipped for {image} (--skip-image-scan)");
        }

        if (!await IsTrivyInstalledAsync())
        {
            return new ScanCheckResult(Check, [new Finding("Dockerfile", null, "trivy-missing", InstallHint)], [], $"{image} not scanned: trivy is not installed");
        }

        scanDirectory.CreateDirectory();
        var json = scanDirectory / "trivy.json";
        var login = request.Credentials is null ? null : PrivateDockerConfig();
        try
        {
            foreach (var command in Commands(request, json, scanDirectory / "trivy.sarif", login))
            {
                var result = await ToolRunner.RunAsync(command);
                if (!result.Succeeded)
                {
                    return Unscanned(image, command, result);
                }
            }
        }
        finally
        {
            // The folder holds the login; nothing of it outlives the scan.
            if (login is not null && Directory.Exists(login))
            {
                Directory.Delete(login, recursive: true);
            }
        }

        var failures = TrivyReport.Read(await File.ReadAllTextAsync(json), image);
        return new ScanCheckResult(Check, failures, [], $"{image}: {failures.Count} HIGH/CRITICAL vulnerabilit(ies)");
    }

    /// <summary>
    /// The trivy command lines of one scan, in order: a login scoped to the image's registry (when the request has one),
    /// the scan as JSON, and its conversion to SARIF.
    /// </summary>
    public static IReadOnlyList<ToolInvocation> Commands(ImageScanRequest request, AbsolutePath jsonReport, AbsolutePath sarifReport, AbsolutePath? dockerConfig)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = request.Image ?? throw new ArgumentException("The request names no image.", nameof(request));
        var commands = new List<ToolInvocation>();
        if (request.Credentials is { } credentials)
        {
            var config = dockerConfig ?? throw new ArgumentNullException(nameof(dockerConfig), "A login needs a private Docker config folder.");
            SecretMasker.Register(credentials.Password);
            commands.Add(SecurityCommands.TrivyRegistryLogin(request.Registry!, credentials, config));
        }

        commands.Add(SecurityCommands.TrivyImage(image, jsonReport, request.FromRegistry, request.Credentials is null ? null : dockerConfig));
        commands.Add(SecurityCommands.TrivySarif(jsonReport, sarifReport));
        return commands;
    }

    /// <summary>A missing tag, a refused login or an unreachable registry is this check's failure; the other checks still report.</summary>
    private static ScanCheckResult Unscanned(string image, ToolInvocation command, ToolResult result)
    {
        var output = (result.StandardError + "\n" + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reason = output.Length == 0 ? $"exit code {result.ExitCode}" : string.Join(" ", output.TakeLast(3));
        var step = command.Arguments.Count > 1 && command.Arguments[0] == "registry" ? "log in to the registry of" : command.Arguments[0] == "convert" ? "convert the report of" : "scan";
        return new ScanCheckResult(
            Check,
            [new Finding("Dockerfile", null, "trivy-failed", $"trivy could not {step} {image}: {reason}")],
            [],
            $"{image} not scanned: trivy failed");
    }

    private static AbsolutePath PrivateDockerConfig()
    {
        var path = Path.Combine(Path.GetTempPath(), "slipway-trivy-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return AbsolutePath.Create(path);
    }

    private static async Task<bool> IsTrivyInstalledAsync()
    {
        try
        {
            return (await ToolRunner.RunAsync(SecurityCommands.TrivyVersion())).Succeeded;
        }
        catch (ToolException exception) when (exception.Result is null)
        {
            return false;
        }
    }
}
