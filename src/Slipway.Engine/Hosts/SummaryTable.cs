namespace Slipway.Engine.Hosts;

/// <summary>The end-of-build table as plain text lines: target, status, duration, details, and the total.</summary>
public static class SummaryTable
{
    public static IReadOnlyList<string> Render(BuildSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rows = summary.Targets
            .Select(t => (Name: t.Name, Status: t.Status.ToString(), Duration: Duration(t), Details: BuildSummary.Describe(t)))
            .ToList();
        var nameWidth = Math.Max("Target".Length, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var statusWidth = Math.Max("Status".Length, rows.Select(r => r.Status.Length).DefaultIfEmpty(0).Max());
        const int DurationWidth = 8;
        string Row(string name, string status, string duration, string details) =>
            $"{name.PadRight(nameWidth)}  {status.PadRight(statusWidth)}  {duration.PadLeft(DurationWidth)}  {details}".TrimEnd();

        var rule = new string('─', nameWidth + statusWidth + DurationWidth + 6);
        var lines = new List<string> { rule, Row("Target", "Status", "Duration", string.Empty), rule };
        lines.AddRange(rows.Select(r => Row(r.Name, r.Status, r.Duration, r.Details)));
        lines.Add(rule);
        lines.Add(Row("Total", string.Empty, BuildSummary.FormatDuration(summary.TotalDuration), string.Empty));
        lines.Add(rule);
        return lines;
    }

    private static string Duration(ExecutableTarget target) =>
        target.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Collective or TargetStatus.Cached
            ? BuildSummary.FormatDuration(target.Duration)
            : "–";
}
