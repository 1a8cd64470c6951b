using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Quality;

/// <summary>
/// ReportGenerator as a local dotnet tool, pinned in <c>.config/dotnet-tools.json</c>: restored with
/// <c>dotnet tool restore</c> like any package, run from the repository root where the manifest is found.
/// </summary>
internal static class ReportGeneratorCommands
{
    public static ToolInvocation RestoreTools(AbsolutePath root) =>
        new ToolInvocation("dotnet", "tool", "restore") { WorkingDirectory = root };

    public static ToolInvocation HtmlReport(AbsolutePath root, IEnumerable<string> coberturaFiles, AbsolutePath targetDirectory, string title)
    {
        ArgumentNullException.ThrowIfNull(targetDirectory);
        return new ToolInvocation(
            "dotnet", "tool", "run", "reportgenerator", "--",
            "-reports:" + string.Join(';', coberturaFiles),
            "-targetdir:" + targetDirectory,
            "-reporttypes:Html;Cobertura;MarkdownSummaryGithub",
            "-title:" + title,
            "-verbosity:Warning")
        {
            WorkingDirectory = root,
        };
    }
}
