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

    public IReadOnlyList<string> Notes => notes;

    /// <summary>At <see cref="Verbosity.Quiet"/> only errors are shown: no banners, headers or summary table.</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    protected bool IsQuiet => Verbosity == Verbosity.Quiet;

    /// <summary>A line for the summary, e.g. test totals or the version built.</summary>
    public void AddSummaryNote(string note) => notes.Add(SecretMasker.Apply(note));

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

    public virtual void EndTarget(ExecutableTarget target)
    {
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

    /// <summary>Writes one line, masked. Everything a host prints goes through here.</summary>
    protected void WriteRaw(string line)
    {
        lock (Output)
        {
            Output.WriteLine(SecretMasker.Apply(line));
            Output.Flush();
        }
    }
}
