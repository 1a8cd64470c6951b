using Serilog.Events;

namespace Slipway.Engine.Hosts;

/// <summary>A developer's terminal: ANSI colour when the output is a terminal (and NO_COLOR is unset), plain when redirected.</summary>
public sealed class TerminalHost(TextWriter output, bool useColor) : BuildHost(output)
{
    private const string Reset = "\u001b[0m";

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
    }

    private string Color(string code, string text) => UseColor ? $"\u001b[{code}m{text}{Reset}" : text;
}
