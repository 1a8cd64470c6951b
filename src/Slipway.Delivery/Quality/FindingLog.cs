using Serilog;
using Serilog.Events;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Writes findings as <c>path:line: rule: message</c>. The <c>File</c> and <c>Line</c> properties make the GitHub
/// Actions host turn each one into an annotation on that line.
/// </summary>
public static class FindingLog
{
    public static void Write(IEnumerable<Finding> findings, LogEventLevel level = LogEventLevel.Error)
    {
        ArgumentNullException.ThrowIfNull(findings);
        foreach (var finding in findings)
        {
            if (finding.Line is { } line)
            {
                Log.Write(level, "{File}:{Line}: {Rule}: {Message}", finding.Path, line, finding.Rule, finding.Message);
            }
            else
            {
                Log.Write(level, "{File}: {Rule}: {Message}", finding.Path, finding.Rule, finding.Message);
            }
        }
    }
}
