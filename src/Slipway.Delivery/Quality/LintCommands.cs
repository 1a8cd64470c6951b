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

    /// <summary>
    /// The check's whitespace pass: <c>dotnet format whitespace --folder</c> over the repository reads the .editorconfig
    /// without loading the solution into a workspace (seconds). Generated code is left out, as dotnet format leaves it
    /// out by default.
    /// </summary>
    public static ToolInvocation WhitespaceCheck(AbsolutePath root, AbsolutePath report) =>
        DotNetFormat(["whitespace", root, "--folder", "--verify-no-changes"], report);

    /// <summary>
    /// The check's code style pass: <c>dotnet format style</c> over the solution, the .editorconfig's code style rules,
    /// import order and unnecessary usings (which the build reports only with documentation files). Not the whole
    /// <c>dotnet format</c>: its analyzers pass runs every analyzer Lint's build runs again, for a minute.
    /// </summary>
    public static ToolInvocation StyleCheck(AbsolutePath solution, AbsolutePath report) =>
        InLintOutputs(DotNetFormat(["style", solution, "--no-restore"], report)).WithArguments("--verify-no-changes");

    /// <summary><c>dotnet format</c> over the solution, applying whitespace, code style and analyzer fixes as the .editorconfig says (<c>--fix</c>).</summary>
    public static ToolInvocation DotNetFormatFix(AbsolutePath solution, AbsolutePath report) =>
        InLintOutputs(DotNetFormat([solution, "--no-restore"], report));

    private static ToolInvocation DotNetFormat(string[] what, AbsolutePath report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ToolInvocation("dotnet", ["format", .. what, "--report", report, "--verbosity", "quiet"])
        {
            LogOutput = false,
        };
    }

    /// <summary>A pass that loads the solution: its design-time builds write to Lint's folders, not Compile's.</summary>
    private static ToolInvocation InLintOutputs(ToolInvocation invocation)
    {
        foreach (var (name, value) in OwnOutputs(DotNet.Configuration.Debug))
        {
            invocation = invocation.WithEnvironment(name, value);
        }

        return invocation;
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
