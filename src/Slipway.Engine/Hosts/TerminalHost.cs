using System.Diagnostics;
using Serilog.Events;

namespace Slipway.Engine.Hosts;

/// <summary>
/// A developer's terminal: ANSI colour when the output is a terminal (and NO_COLOR is unset), plain when redirected.
/// With the live view on, the last line is a status line (<see cref="LiveView"/>) redrawn in place, below the log.
/// </summary>
public sealed class TerminalHost(TextWriter output, bool useColor) : BuildHost(output), IDisposable
{
    private const string Reset = "\u001b[0m";
    private const string ClearLine = "\r\u001b[2K";
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private LiveView? live;
    private Timer? redraw;
    private bool statusShown;

    public bool UseColor { get; } = useColor;

    public override void WriteLog(LogEventLevel level, string message, string? file = null, int? line = null)
    {
        var location = file is null ? string.Empty : $"{file}{(line is null ? string.Empty : $":{line}")}: ";
        var text = level switch
        {
            LogEventLevel.Error or LogEventLevel.Fatal => Color("31", $"ERROR: {location}{message}"),
            LogEventLevel.Warning => Color("33", $"WARNING: {location}{message}"),
            LogEventLevel.Debug or LogEventLevel.Verbose => Color("90", message),
            _ => message,
        };
        WriteRaw(text);
    }

    public override void BeginTarget(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsQuiet)
        {
            return;
        }

        WriteRaw(string.Empty);
        WriteRaw(Color("1;36", $"═══ {target.Name} ═══"));
        live?.Start(target, clock.Elapsed);
    }

    public override void ReportProgress(ExecutableTarget target, string text) => live?.Progress(target, text);

    public override void EndTarget(ExecutableTarget target)
    {
        live?.Finish(target);
        base.EndTarget(target);
    }

    public override void WriteSummary(BuildSummary summary)
    {
        StopLiveView();
        base.WriteSummary(summary);
    }

    /// <summary>Shows the status line until the summary; only for an interactive terminal (the caller decides).</summary>
    internal void StartLiveView(LiveView view)
    {
        live = view;
        redraw = new Timer(_ => Redraw(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    public void Dispose() => StopLiveView();

    internal void StopLiveView()
    {
        redraw?.Dispose();
        redraw = null;
        lock (Output)
        {
            HideStatus();
            live = null;
            Output.Flush();
        }
    }

    protected override void WriteLine(string line)
    {
        lock (Output)
        {
            // The status line steps aside for the log line and comes back under it.
            HideStatus();
            Output.WriteLine(line);
            ShowStatus();
            Output.Flush();
        }
    }

    private void Redraw()
    {
        lock (Output)
        {
            HideStatus();
            ShowStatus();
            Output.Flush();
        }
    }

    private void ShowStatus()
    {
        if (live is null)
        {
            return;
        }

        var text = live.Render(clock.Elapsed);
        var width = StatusWidth();
        Output.Write(Color("2", text.Length > width ? text[..(width - 1)] + "…" : text));
        statusShown = true;
    }

    /// <summary>One column short of the terminal, so the line never wraps; 120 when the terminal does not say (a bare pty).</summary>
    private static int StatusWidth()
    {
        var columns = Console.IsOutputRedirected ? 0 : Console.WindowWidth;
        return columns >= 40 ? columns - 1 : 120;
    }

    private void HideStatus()
    {
        if (statusShown)
        {
            Output.Write(ClearLine);
            statusShown = false;
        }
    }

    private string Color(string code, string text) => UseColor ? $"\u001b[{code}m{text}{Reset}" : text;
}
