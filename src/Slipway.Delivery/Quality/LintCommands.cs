using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Quality;

/// <summary>The command lines of the Lint target, as data.</summary>
internal static class LintCommands
{
    /// <summary>
    /// Where Lint's own build and dotnet format's design-time builds write, per project (relative paths are the project's):
    /// apart from Compile's bin/ and obj/, so Lint runs beside Compile and Test, and stays incremental in its own
    /// folders (the unstamped build no longer rebuilds what Compile's version-stamped build wrote, and back). The same
    /// properties reach dotnet format through the environment, where MSBuild reads them as defaults.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OwnOutputs(DotNet.Configuration configuration) => new Dictionary<string, string>
    {
        // OutputPath, not BaseOutputPath: the SDK leaves everything under BaseOutputPath (bin/) out of a project's items;
        // a bin/lint/ base would make the Web SDK take Compile's and Scan's bin/**/*.json for content to copy.
        ["OutputPath"] = $"bin/lint/{configuration}/",
        ["IntermediateOutputPath"] = $"obj/lint/{configuration}/",
    };

    /// <summary><c>dotnet format</c> over the solution: whitespace, code style and analyzer fixes, as the .editorconfig says.</summary>
    public static ToolInvocation DotNetFormat(AbsolutePath solution, AbsolutePath report, bool fix)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(report);
        var invocation = new ToolInvocation("dotnet", "format", solution, "--no-restore", "--report", report, "--verbosity", "quiet")
        {
            LogOutput = false,
        };
        foreach (var (name, value) in OwnOutputs(DotNet.Configuration.Debug))
        {
            invocation = invocation.WithEnvironment(name, value);
        }

        return fix ? invocation : invocation.WithArguments("--verify-no-changes");
    }

    /// <summary>Files git knows of or would add (tracked, plus untracked that are not ignored), one per line.</summary>
    public static ToolInvocation ListRepositoryFiles(AbsolutePath root) =>
        new ToolInvocation("git", "-c", "core.quotePath=off", "ls-files", "--cached", "--others", "--exclude-standard")
        {
            WorkingDirectory = root,
            LogOutput = false,
        };

    public static ToolInvocation ShellCheck(AbsolutePath root, IEnumerable<string> scripts) =>
        new ToolInvocation("shellcheck", ["--format=json1", "--external-sources", "--", .. scripts])
        {
            WorkingDirectory = root,
            LogOutput = false,
        };

    /// <summary>shellcheck's own fixes as a unified diff (for the findings that have one).</summary>
    public static ToolInvocation ShellCheckFixes(AbsolutePath root, IEnumerable<string> scripts) =>
        new ToolInvocation("shellcheck", ["--format=diff", "--external-sources", "--", .. scripts])
        {
            WorkingDirectory = root,
            LogOutput = false,
        };

    public static ToolInvocation ApplyPatch(AbsolutePath root, string diff) =>
        new ToolInvocation("git", "apply", "--whitespace=nowarn", "-")
        {
            WorkingDirectory = root,
            StandardInput = diff,
        };
}
