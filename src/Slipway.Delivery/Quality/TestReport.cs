using System.Globalization;
using System.Text;
using Slipway.Delivery.Testing;

namespace Slipway.Delivery.Quality;

/// <summary>What the Test target reports at the end: totals, failures, the slowest tests and coverage per project.</summary>
internal sealed record TestReport(TestRunSummary Summary, IReadOnlyList<ProjectCoverage> Coverage, int CoverageThreshold, bool CoverageEnforced)
{
    public const int SlowestCount = 5;

    public IReadOnlyList<TestCaseResult> Failures =>
        [.. Summary.Results.Where(r => r.Outcome is "Failed" or "Error" or "Timeout" or "Aborted")];

    public IReadOnlyList<TestCaseResult> Slowest =>
        [.. Summary.Results.OrderByDescending(r => r.Duration).ThenBy(r => r.Name, StringComparer.Ordinal).Take(SlowestCount)];

    public IReadOnlyList<ProjectCoverage> BelowThreshold =>
        CoverageThreshold > 0 ? CoverageGate.Below(Coverage, CoverageThreshold) : [];

    /// <summary>One line per project for the summary: <c>Coverage: Slipway.Engine 91.2%, ... (threshold 80%)</c>.</summary>
    public string? CoverageLine =>
        Coverage.Count == 0
            ? null
            : $"Coverage: {string.Join(", ", Coverage.Select(c => $"{c.Project} {c.PercentText}"))} (threshold {ThresholdText})";

    /// <summary>The Markdown block appended to GitHub's job summary.</summary>
    public string ToMarkdown()
    {
        var markdown = new StringBuilder();
        markdown.AppendLine(Failures.Count == 0 ? "### ✅ Tests" : "### ❌ Tests");
        markdown.AppendLine();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"**{Summary.Totals}**");
        if (Failures.Count > 0)
        {
            markdown.AppendLine();
            markdown.AppendLine("| Failed test | Project | Message |");
            markdown.AppendLine("|---|---|---|");
            foreach (var failure in Failures)
            {
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(failure.Name)} | {Cell(failure.Project)} | {Cell(FirstLine(failure.ErrorMessage))} |");
            }
        }

        if (Slowest.Count > 0)
        {
            markdown.AppendLine();
            markdown.AppendLine("| Slowest tests | Project | Seconds |");
            markdown.AppendLine("|---|---|---:|");
            foreach (var slow in Slowest)
            {
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(slow.Name)} | {Cell(slow.Project)} | {slow.Duration.TotalSeconds:0.00} |");
            }
        }

        if (Coverage.Count > 0)
        {
            markdown.AppendLine();
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| Line coverage (threshold {ThresholdText}) | Lines | % | |");
            markdown.AppendLine("|---|---:|---:|---|");
            foreach (var project in Coverage)
            {
                var status = CoverageThreshold == 0 ? string.Empty : project.Percent >= CoverageThreshold ? "✅" : CoverageEnforced ? "❌" : "⚠️";
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(project.Project)} | {project.CoveredLines}/{project.CoverableLines} | {project.PercentText} | {status} |");
            }
        }

        markdown.AppendLine();
        return markdown.ToString();
    }

    private string ThresholdText => CoverageThreshold == 0 ? "off" : CoverageThreshold.ToString(CultureInfo.InvariantCulture) + "%";

    private static string FirstLine(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
