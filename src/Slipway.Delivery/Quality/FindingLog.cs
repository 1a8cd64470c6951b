using Serilog;
using Serilog.Events;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Writes findings so they read <c>path:line: rule: message</c>: the host puts the <c>File</c> and <c>Line</c>
/// properties in front of errors and warnings in a terminal, and turns them into an annotation on that line on GitHub.
/// </summary>
internal static class FindingLog
{
    public static void Write(IEnumerable<Finding> findings, LogEventLevel level = LogEventLevel.Error)
    {
        ArgumentNullException.ThrowIfNull(findings);
        foreach (var finding in findings.Distinct())
        {
            if (level < LogEventLevel.Warning)
            {
                // Hosts show a location only for warnings and errors; below that it goes into the text.
                Log.Write(level, "{Finding}", finding.ToString());
                continue;
            }

            var logger = Log.ForContext("File", finding.Path);
            if (finding.Line is { } line)
            {
                logger = logger.ForContext("Line", line);
            }

            logger.Write(level, "{Rule}: {Message}", finding.Rule, finding.Message);
        }
    }
}
