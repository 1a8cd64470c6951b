using Slipway.Delivery.Quality;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>
/// Formatting, code style and analyzers (<c>dotnet format --verify-no-changes</c> and the build's analyzers, as the
/// .editorconfig sets them) and shell scripts (<c>shellcheck</c>). Every finding is printed as
/// <c>path:line: rule: message</c> and, on GitHub, annotated on its line.
/// </summary>
public interface ILint : IRestore
{
    [Parameter("Lint: apply the fixable findings (dotnet format, shellcheck's suggested fixes) instead of only reporting them")]
    bool Fix => this.GetParameter<bool?>() ?? false;

    AbsolutePath LintDirectory => ArtifactsDirectory / "lint";

    Target Lint => _ => _
        .Description("Check formatting, analyzers and shell scripts (--fix applies the fixable findings)")
        .DependsOn<IRestore>()
        .Inputs([.. DotNet.BuildInputs.Sources, "**/*.sh", "build/"]).InputValue(() => DotNet.BuildInputs.Runtime).InputValue(() => Configuration).InputValue(() => Fix)
        .Outputs("artifacts/lint/")
        .Executes(RunLintAsync);

    async Task RunLintAsync()
    {
        var linter = new Linter(RootDirectory, Solution, Configuration, LintDirectory);
        // Formatting first: with --fix, the build then sees the fixed code.
        var formatting = await linter.CheckFormattingAsync(Fix);
        var analyzers = await linter.CheckAnalyzersAsync();
        var shell = await linter.CheckShellScriptsAsync(Fix);

        // dotnet format also reports some analyzer diagnostics the build reports; each is shown once, as the build words it.
        formatting = [.. formatting.Where(f => !analyzers.Any(a => a.Path == f.Path && a.Line == f.Line && a.Rule == f.Rule))];
        FindingLog.Write(formatting);
        FindingLog.Write(analyzers);
        FindingLog.Write(shell);

        var total = formatting.Count + analyzers.Count + shell.Count;
        Host.AddSummaryNote($"Lint: {total} finding(s) ({formatting.Count} formatting/style, {analyzers.Count} analyzer/compiler, {shell.Count} shell)");
        if (total > 0)
        {
            var hint = formatting.Count > 0 || shell.Count > 0 ? " `./build.sh Lint --fix` fixes formatting and style, and the shell findings shellcheck has a fix for." : string.Empty;
            throw new BuildFailedException(
                $"Lint found {total} problem(s): {formatting.Count} formatting/style, {analyzers.Count} analyzer/compiler, {shell.Count} shell script.{hint}");
        }
    }
}
