using System.Text;
using Serilog.Events;
using Slipway.Engine.Logging;

namespace Slipway.Engine.Hosts;

/// <summary>
/// GitHub Actions: a collapsible <c>::group::</c> per target, errors and warnings as annotations (on a file and line
/// when known), secrets announced with <c>::add-mask::</c>, and the summary appended to <c>GITHUB_STEP_SUMMARY</c>.
/// </summary>
public sealed class GitHubActionsHost(TextWriter output, string? stepSummaryFile) : BuildHost(output)
{
    // While targets run side by side, one of them streams its group live (a long deploy shows progress in the job log);
    // the others' lines wait here and are printed whole as their group, never inside another: GitHub's groups cannot
    // nest or interleave.
    private readonly Lock gate = new();
    private readonly Dictionary<ExecutableTarget, List<string>> buffered = [];
    private readonly List<ExecutableTarget> bufferedInStartOrder = [];
    private readonly List<string> groupsWaitingForTheStream = [];
    private ExecutableTarget? streaming;

    public override void WriteLogo()
    {
    }

    public override void RegisterSecret(string secret)
    {
        // Written unmasked on purpose: this line is how the runner learns what to mask; the runner hides it.
        lock (Output)
        {
            Output.WriteLine($"::add-mask::{Escape(secret)}");
            Output.Flush();
        }
    }

    public override void WriteLog(LogEventLevel level, string message, string? file = null, int? line = null)
    {
        var command = level switch
        {
            LogEventLevel.Error or LogEventLevel.Fatal => "error",
            LogEventLevel.Warning => "warning",
            _ => null,
        };
        if (command is null)
        {
            WriteRaw(message);
            return;
        }

        var properties = new List<string>();
        if (file is not null)
        {
            properties.Add($"file={EscapeProperty(file)}");
        }

        if (line is not null)
        {
            properties.Add($"line={line}");
        }

        WriteRaw($"::{command}{(properties.Count > 0 ? " " + string.Join(',', properties) : string.Empty)}::{Escape(SecretMasker.Apply(message))}");
    }

    public override void BeginTarget(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Interleaved)
        {
            WriteRaw($"::group::{target.Name}");
            return;
        }

        lock (gate)
        {
            if (streaming is null)
            {
                streaming = target;
                WriteLine($"::group::{target.Name}");
            }
            else
            {
                buffered[target] = [];
                bufferedInStartOrder.Add(target);
            }
        }
    }

    public override void EndTarget(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Interleaved)
        {
            WriteRaw("::endgroup::");
            return;
        }

        lock (gate)
        {
            if (target != streaming)
            {
                var group = Group(target, TakeBuffered(target)) + "\n::endgroup::";
                if (streaming is null)
                {
                    WriteLine(group);
                }
                else
                {
                    groupsWaitingForTheStream.Add(group);
                }

                return;
            }

            WriteLine("::endgroup::");
            streaming = null;
            groupsWaitingForTheStream.ForEach(WriteLine);
            groupsWaitingForTheStream.Clear();

            // The longest-running of the others streams next: its lines so far first, then live.
            if (bufferedInStartOrder.Count > 0)
            {
                streaming = bufferedInStartOrder[0];
                WriteLine(Group(streaming, TakeBuffered(streaming)));
            }
        }
    }

    protected override void WriteTargetLine(ExecutableTarget target, string line)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (gate)
        {
            if (buffered.TryGetValue(target, out var lines))
            {
                lines.Add(line);
            }
            else
            {
                WriteLine(line);
            }
        }
    }

    private List<string> TakeBuffered(ExecutableTarget target)
    {
        bufferedInStartOrder.Remove(target);
        return buffered.Remove(target, out var lines) ? lines : [];
    }

    private static string Group(ExecutableTarget target, List<string> lines)
    {
        var group = new StringBuilder("::group::").Append(target.Name);
        foreach (var line in lines)
        {
            group.Append('\n').Append(line);
        }

        return group.ToString();
    }

    public override void WriteSummary(BuildSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        base.WriteSummary(summary);
        if (string.IsNullOrEmpty(stepSummaryFile))
        {
            return;
        }

        File.AppendAllText(stepSummaryFile, SecretMasker.Apply(RenderMarkdown(summary)));
    }

    public static string RenderMarkdown(BuildSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var markdown = new StringBuilder();
        markdown.AppendLine(summary.Succeeded ? "### ✅ Build succeeded" : $"### ❌ Build failed (exit code {summary.ExitCode})");
        markdown.AppendLine();
        markdown.AppendLine("| Target | Status | Duration | Details |");
        markdown.AppendLine("|---|---|---:|---|");
        foreach (var target in summary.Targets)
        {
            var duration = target.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Collective or TargetStatus.Cached
                ? BuildSummary.FormatDuration(target.Duration)
                : "–";
            markdown.AppendLine($"| {target.Name} | {Icon(target.Status)} {target.Status} | {duration} | {BuildSummary.Describe(target).Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        markdown.AppendLine($"| **Total** | | **{BuildSummary.FormatDuration(summary.TotalDuration)}** | |");
        if (summary.Notes.Count > 0)
        {
            markdown.AppendLine();
            foreach (var note in summary.Notes)
            {
                markdown.AppendLine($"- {note}");
            }
        }

        markdown.AppendLine();
        AppendRunGraph(markdown, summary.Targets);
        return markdown.ToString();
    }

    /// <summary>The run as a Mermaid graph (GitHub renders it): planned targets, their relations, coloured by outcome.</summary>
    private static void AppendRunGraph(StringBuilder markdown, IReadOnlyList<ExecutableTarget> targets)
    {
        if (targets.Count == 0)
        {
            return;
        }

        markdown.AppendLine("<details><summary>Run graph</summary>").AppendLine().AppendLine("```mermaid").AppendLine("flowchart LR");
        foreach (var target in targets)
        {
            markdown.AppendLine($"  {target.Name}[\"{target.Name}\"]");
            foreach (var dependency in target.DependsOn.Where(targets.Contains))
            {
                markdown.AppendLine($"  {dependency.Name} --> {target.Name}");
            }

            foreach (var before in target.After.Where(targets.Contains))
            {
                markdown.AppendLine($"  {before.Name} -.-> {target.Name}");
            }
        }

        foreach (var (status, style) in GraphStyles)
        {
            var names = targets.Where(t => t.Status == status).Select(t => t.Name).ToList();
            if (names.Count > 0)
            {
                markdown.AppendLine($"  classDef {status} {style};").AppendLine($"  class {string.Join(',', names)} {status};");
            }
        }

        markdown.AppendLine("```").AppendLine().AppendLine("</details>").AppendLine();
    }

    private static readonly (TargetStatus Status, string Style)[] GraphStyles =
    [
        (TargetStatus.Succeeded, "fill:#d4f4dd,stroke:#2b8a3e"),
        (TargetStatus.Cached, "fill:#d0ebff,stroke:#1c7ed6"),
        (TargetStatus.Failed, "fill:#ffe3e3,stroke:#c92a2a"),
        (TargetStatus.NotRun, "fill:#f1f3f5,stroke:#868e96"),
        (TargetStatus.Skipped, "fill:#fff,stroke:#adb5bd,stroke-dasharray:4"),
    ];

    private static string Icon(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "✅",
        TargetStatus.Cached => "♻️",
        TargetStatus.Failed => "❌",
        TargetStatus.Skipped => "⏭️",
        TargetStatus.NotRun => "⏸️",
        _ => "▫️",
    };

    // Workflow command escaping, as the runner's toolkit defines it.
    private static string Escape(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string text) =>
        Escape(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
