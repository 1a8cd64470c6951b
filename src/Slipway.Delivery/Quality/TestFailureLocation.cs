using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Finds where a failed test failed: the innermost stack frame in test code (<c>tests/</c>), which is the assertion
/// or the call that threw; else the innermost frame anywhere in the repository.
/// </summary>
internal static partial class TestFailureLocation
{
    public static (string Path, int Line)? Find(string? stackTrace, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrEmpty(stackTrace))
        {
            return null;
        }

        var frames = new List<(string Path, int Line)>();
        foreach (Match frame in Frame().Matches(stackTrace))
        {
            var file = frame.Groups["file"].Value.Trim();
            var relative = RepositoryPath.Relative(root, file);
            if (Path.IsPathRooted(file) && !Path.IsPathRooted(relative))
            {
                frames.Add((relative, int.Parse(frame.Groups["line"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return frames.Where(f => f.Path.StartsWith("tests/", StringComparison.Ordinal)).Cast<(string, int)?>().FirstOrDefault()
            ?? frames.Cast<(string, int)?>().FirstOrDefault();
    }

    // "   at Namespace.Type.Method() in /repo/tests/X/FooTests.cs:line 42"
    [GeneratedRegex(@" in (?<file>.+?):line (?<line>\d+)", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Frame();
}
