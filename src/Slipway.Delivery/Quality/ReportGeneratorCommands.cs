using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Quality;

/// <summary>
/// ReportGenerator as a local dotnet tool, pinned in <c>.config/dotnet-tools.json</c>: restored with
/// <c>dotnet tool restore</c> like any package, run from the repository root where the manifest is found. A repository
/// whose manifest does not pin it (one that just adopted Slipway) runs this version once with <c>dotnet tool exec</c>.
/// </summary>
internal static class ReportGeneratorCommands
{
    public const string Package = "dotnet-reportgenerator-globaltool";

    /// <summary>The version run when the repository does not pin its own.</summary>
    public const string DefaultVersion = "5.6.0";

    /// <summary>Whether the repository's tool manifest pins ReportGenerator (then its version is the one run).</summary>
    public static bool PinnedIn(AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var manifest = root / ".config" / "dotnet-tools.json";
        return manifest.FileExists && File.ReadAllText(manifest).Contains($"\"{Package}\"", StringComparison.OrdinalIgnoreCase);
    }

    public static ToolInvocation RestoreTools(AbsolutePath root) =>
        new ToolInvocation("dotnet", "tool", "restore") { WorkingDirectory = root };

    public static ToolInvocation HtmlReport(AbsolutePath root, IEnumerable<string> coberturaFiles, AbsolutePath targetDirectory, string title, bool pinned = true)
    {
        ArgumentNullException.ThrowIfNull(targetDirectory);
        string[] tool = pinned ? ["tool", "run", "reportgenerator", "--"] : ["tool", "exec", $"{Package}@{DefaultVersion}", "--yes", "--"];
        return new ToolInvocation(
            "dotnet", [.. tool,
            "-reports:" + string.Join(';', coberturaFiles),
            "-targetdir:" + targetDirectory,
            "-reporttypes:Html;Cobertura;MarkdownSummaryGithub",
            "-title:" + title,
            "-verbosity:Warning"])
        {
            WorkingDirectory = root,
        };
    }
}
