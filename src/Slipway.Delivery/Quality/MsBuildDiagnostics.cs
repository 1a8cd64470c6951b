using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Reads compiler and analyzer diagnostics from MSBuild's console output
/// (<c>src/A.cs(12,5): error CA1822: Member ... [src/A.csproj]</c>), once each, as findings.
/// </summary>
internal static partial class MsBuildDiagnostics
{
    public static IReadOnlyList<Finding> Parse(IEnumerable<string> outputLines, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(outputLines);
        ArgumentNullException.ThrowIfNull(root);
        var findings = new List<Finding>();
        foreach (var line in outputLines)
        {
            var match = WithLocation().Match(line);
            if (!match.Success)
            {
                match = WithoutLocation().Match(line);
            }

            if (!match.Success)
            {
                continue;
            }

            int? lineNumber = match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture) : null;
            var finding = new Finding(
                RepositoryPath.Relative(root, match.Groups["file"].Value.Trim()),
                lineNumber,
                match.Groups["code"].Value,
                match.Groups["message"].Value.Trim());
            if (!findings.Contains(finding))
            {
                findings.Add(finding);
            }
        }

        return findings;
    }

    // path(line,col): error CODE: message [project]   (also path(line,col,endLine,endCol))
    [GeneratedRegex(
        @"^\s*(?<file>[^\s(][^(]*?)\((?<line>\d+)(?:,\d+){0,3}\)\s*:\s*(?:error|warning)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?\s*$",
        RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex WithLocation();

    // path : error CODE: message [project]   (project-level: restore, SDK, command-line options)
    [GeneratedRegex(
        @"^\s*(?<file>[^\s:][^:]*?)\s+:\s+(?:error|warning)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?\s*$",
        RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex WithoutLocation();
}
