using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Slipway.Engine.Hosts;

/// <summary>
/// Routes Serilog events to the host, so stages log with <c>Log.Information(...)</c> and the host decides the form.
/// A <c>File</c> and <c>Line</c> property turn an error or warning into an annotation on that line.
/// </summary>
public sealed class HostSink(BuildHost host) : ILogEventSink
{
    // ":lj" renders string values without quotes, so "> {CommandLine}" prints the command line as typed.
    private static readonly MessageTemplateTextFormatter Formatter = new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Formatter.Format(logEvent, writer);
        var message = writer.ToString();
        if (logEvent.Exception is { } exception && logEvent.Level >= LogEventLevel.Error)
        {
            message += Environment.NewLine + exception;
        }

        var file = logEvent.Properties.TryGetValue("File", out var f) && f is ScalarValue { Value: string path } ? path : null;
        var line = logEvent.Properties.TryGetValue("Line", out var l) && l is ScalarValue { Value: int number } ? number : (int?)null;
        host.WriteLog(logEvent.Level, message, file, line);
    }
}
