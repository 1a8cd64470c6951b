using Serilog.Events;
using Slipway.Engine.Logging;

namespace Slipway.Engine.Hosts;

/// <summary>
/// Where the build runs (NUKE's Host): decides how targets, log lines, errors and the summary are shown. All text
/// passes the <see cref="SecretMasker"/> on the way out.
/// </summary>
public abstract class BuildHost(TextWriter output)
{
    private readonly List<string> notes = [];

    protected TextWriter Output { get; } = output;

    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (notes)
            {
                return [.. notes];
            }
        }
    }

    /// <summary>
    /// Set while targets may run at the same time: a line logged by a target's code is then handed to
    /// <see cref="WriteTargetLine"/> (prefixed with the target's name, or buffered) instead of written as is.
    /// </summary>
    internal bool Interleaved { get; set; }

    /// <summary>At <see cref="Verbosity.Quiet"/> only errors are shown: no banners, headers or summary table.</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    protected bool IsQuiet => Verbosity == Verbosity.Quiet;

    /// <summary>A line for the summary, e.g. test totals or the version built.</summary>
    public void AddSummaryNote(string note)
    {
        var masked = SecretMasker.Apply(note);
        lock (notes)
        {
            notes.Add(masked);
            Execution.TargetScope.Current?.SummaryNotes.Add(masked);
        }
    }

    public virtual void WriteLogo()
    {
        WriteRaw("Slipway — typed build and delivery");
    }

    public virtual void WriteLog(LogEventLevel level, string message, string? file = null, int? line = null)
    {
        WriteRaw(level switch
        {
            LogEventLevel.Error or LogEventLevel.Fatal => "ERROR: " + message,
            LogEventLevel.Warning => "WARNING: " + message,
            _ => message,
        });
    }

    public virtual void BeginTarget(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsQuiet)
        {
            return;
        }

        WriteRaw(string.Empty);
        WriteRaw($"═══ {target.Name} ═══");
    }

    /// <summary>Where a running target is inside a long step; only a live terminal view shows it (logs carry the steps themselves).</summary>
    public virtual void ReportProgress(ExecutableTarget target, string text)
    {
    }

    public virtual void EndTarget(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Interleaved && !IsQuiet)
        {
            // Lines of other targets may follow this one's, so its end is said, not implied by the next header.
            WriteRaw($"═══ {target.Name}: {target.Status} in {BuildSummary.FormatDuration(target.Duration)} ═══");
        }
    }

    public virtual void RegisterSecret(string secret)
    {
    }

    public virtual void WriteSummary(BuildSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (IsQuiet && summary.Succeeded)
        {
            return;
        }

        WriteRaw(string.Empty);
        foreach (var line in SummaryTable.Render(summary))
        {
            WriteRaw(line);
        }

        foreach (var note in summary.Notes)
        {
            WriteRaw(note);
        }

        WriteRaw(string.Empty);
        WriteRaw(summary.Succeeded ? "Build succeeded." : $"Build failed (exit code {summary.ExitCode}).");
    }

    /// <summary>
    /// A line of a target's own output while targets run side by side: by default written at once, prefixed with the
    /// target's name so interleaved lines stay readable. <paramref name="line"/> is already masked.
    /// </summary>
    protected virtual void WriteTargetLine(ExecutableTarget target, string line)
    {
        ArgumentNullException.ThrowIfNull(target);
        WriteLine($"[{target.Name}] {line}");
    }

    /// <summary>Writes one line, masked. Everything a host prints goes through here.</summary>
    protected void WriteRaw(string line)
    {
        if (Interleaved && Execution.TargetScope.Current is { } target)
        {
            WriteTargetLine(target, SecretMasker.Apply(line));
            return;
        }

        WriteLine(SecretMasker.Apply(line));
    }

    /// <summary>Writes one already-masked line, whole: lines from targets on other threads never mix within a line.</summary>
    protected virtual void WriteLine(string line)
    {
        lock (Output)
        {
            Output.WriteLine(line);
            Output.Flush();
        }
    }
}
