namespace Slipway.Engine.Hosts;

/// <summary>The end-of-build table as plain text lines: target, status, duration, details, and the total.</summary>
public static class SummaryTable
{
    public static IReadOnlyList<string> Render(BuildSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rows = summary.Targets
            .Select(t => (Name: t.Name, Status: t.Status.ToString(), Duration: Duration(t), Change: Change(summary, t), Details: BuildSummary.Describe(t)))
            .ToList();
        // The Δ column appears only when there is a previous run to compare with.
        var changeWidth = summary.Changes.Count == 0 ? 0 : 9;
        var nameWidth = Math.Max("Target".Length, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var statusWidth = Math.Max("Status".Length, rows.Select(r => r.Status.Length).DefaultIfEmpty(0).Max());
        const int DurationWidth = 8;
        string Row(string name, string status, string duration, string change, string details) =>
            $"{name.PadRight(nameWidth)}  {status.PadRight(statusWidth)}  {duration.PadLeft(DurationWidth)}  {(changeWidth == 0 ? string.Empty : change.PadLeft(changeWidth) + "  ")}{details}".TrimEnd();

        var rule = new string('─', nameWidth + statusWidth + DurationWidth + 6 + (changeWidth == 0 ? 0 : changeWidth + 2));
        var lines = new List<string> { rule, Row("Target", "Status", "Duration", "Δ", string.Empty), rule };
        lines.AddRange(rows.Select(r => Row(r.Name, r.Status, r.Duration, r.Change, r.Details)));
        lines.Add(rule);
        lines.Add(Row("Total", string.Empty, BuildSummary.FormatDuration(summary.TotalDuration),
            summary.TotalChange is { } total ? BuildSummary.FormatChange(total) : string.Empty, string.Empty));
        lines.Add(rule);
        return lines;
    }

    private static string Change(BuildSummary summary, ExecutableTarget target) =>
        summary.Changes.TryGetValue(target.Name, out var change) ? BuildSummary.FormatChange(change) : string.Empty;

    private static string Duration(ExecutableTarget target) =>
        target.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Collective or TargetStatus.Cached
            ? BuildSummary.FormatDuration(target.Duration)
            : "–";
}
