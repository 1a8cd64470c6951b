using Serilog;
using Serilog.Events;
using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Quality;

/// <summary>
/// The three checks of the Lint target, each returning its findings: formatting and style (<c>dotnet format</c>),
/// analyzer and compiler diagnostics (<c>dotnet build</c>, which dotnet format does not report when it cannot fix
/// them), and shell scripts (<c>shellcheck</c>).
/// </summary>
internal sealed class Linter(AbsolutePath root, AbsolutePath solution, Configuration configuration, AbsolutePath reportDirectory)
{
    public const string ShellCheckInstallHint =
        "shellcheck is not installed: `apt-get install shellcheck` (Debian/Ubuntu), `brew install shellcheck` (macOS), " +
        "`winget install koalaman.shellcheck` (Windows); CI installs it with .ci/provision-gates.sh.";

    public async Task<IReadOnlyList<Finding>> CheckFormattingAsync(bool fix)
    {
        reportDirectory.CreateDirectory();
        var report = reportDirectory / "format-report.json";
        if (fix)
        {
            var fixes = await RunDotNetFormatAsync(LintCommands.DotNetFormatFix(solution, report), report);
            FindingLog.Write(fixes.Select(f => f with { Message = "fixed: " + f.Message }), LogEventLevel.Information);
            return [];
        }

        // Two passes, not the whole dotnet format: its analyzers pass repeats what the build reports.
        var styleReport = reportDirectory / "style-report.json";
        return [
            .. await RunDotNetFormatAsync(LintCommands.WhitespaceCheck(root, report), report),
            .. await RunDotNetFormatAsync(LintCommands.StyleCheck(solution, styleReport), styleReport),
        ];
    }

    private async Task<IReadOnlyList<Finding>> RunDotNetFormatAsync(ToolInvocation format, AbsolutePath report)
    {
        File.Delete(report);
        var result = await ToolRunner.RunAsync(format);
        var findings = report.FileExists ? DotNetFormatReport.Read(await File.ReadAllTextAsync(report), root) : [];
        if (!result.Succeeded && findings.Count == 0)
        {
            throw new ToolException(result);
        }

        return findings;
    }

    public async Task<IReadOnlyList<Finding>> CheckAnalyzersAsync()
    {
        var result = await ToolRunner.RunAsync(DotNetCommands.Build(solution, configuration, LintCommands.OwnOutputs(configuration)) with { LogOutput = false });
        var findings = MsBuildDiagnostics.Parse(result.OutputLines.Concat(result.StandardError.Split('\n')), root);
        if (!result.Succeeded && findings.Count == 0)
        {
            throw new ToolException(result);
        }

        return findings;
    }

    public async Task<IReadOnlyList<Finding>> CheckShellScriptsAsync(bool fix)
    {
        var scripts = await FindShellScriptsAsync();
        if (scripts.Count == 0)
        {
            Log.Information("No shell scripts to check");
            return [];
        }

        try
        {
            if (fix)
            {
                var diff = await ToolRunner.RunAsync(LintCommands.ShellCheckFixes(root, scripts));
                if (!string.IsNullOrWhiteSpace(diff.StandardOutput))
                {
                    (await ToolRunner.RunAsync(LintCommands.ApplyPatch(root, diff.StandardOutput))).EnsureSuccess();
                    Log.Information("Applied shellcheck's suggested fixes");
                }
            }

            var result = await ToolRunner.RunAsync(LintCommands.ShellCheck(root, scripts));
            if (result.ExitCode is not (0 or 1))
            {
                throw new ToolException(result);
            }

            return ShellCheckReport.Read(result.StandardOutput, root);
        }
        catch (ToolException exception) when (exception.Result is null && exception.Message.StartsWith("Could not start", StringComparison.Ordinal))
        {
            throw new BuildFailedException(ShellCheckInstallHint, exception);
        }
    }

    private async Task<IReadOnlyList<string>> FindShellScriptsAsync()
    {
        var files = (await ToolRunner.RunAsync(LintCommands.ListRepositoryFiles(root))).EnsureSuccess().OutputLines;
        var scripts = new List<string>();
        foreach (var file in files)
        {
            var path = root / file;
            if (!path.FileExists)
            {
                continue;
            }

            var firstLine = ShellScripts.NeedsFirstLine(file) ? await ReadFirstLineAsync(path) : null;
            if (ShellScripts.IsShellScript(file, firstLine))
            {
                scripts.Add(file);
            }
        }

        return scripts;
    }

    private static async Task<string?> ReadFirstLineAsync(string path)
    {
        using var reader = new StreamReader(path);
        return await reader.ReadLineAsync();
    }
}
