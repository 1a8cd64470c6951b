using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Quality;

/// <summary>Finds where a failed test failed: the first stack frame in a repository file (the assertion's line).</summary>
public static partial class TestFailureLocation
{
    public static (string Path, int Line)? Find(string? stackTrace, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrEmpty(stackTrace))
        {
            return null;
        }

        foreach (Match frame in Frame().Matches(stackTrace))
        {
            var file = frame.Groups["file"].Value.Trim();
            var relative = RepositoryPath.Relative(root, file);
            if (Path.IsPathRooted(file) && !Path.IsPathRooted(relative))
            {
                return (relative, int.Parse(frame.Groups["line"].Value, CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    // "   at Namespace.Type.Method() in /repo/tests/X/FooTests.cs:line 42"
    [GeneratedRegex(@" in (?<file>.+?):line (?<line>\d+)", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Frame();
}
