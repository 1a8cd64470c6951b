using System.Runtime.CompilerServices;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// Golden-file comparison for the edge's generated output (stands in for Verify, which the feed does not serve; same
/// convention as the engine tests): exact match against a file in Edge/Golden; run with SLIPWAY_UPDATE_GOLDEN=1 to
/// rewrite the files on purpose, then review the diff.
/// </summary>
internal static class EdgeGolden
{
    public static void AssertMatches(string actual, string fileName, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
        var path = Path.Combine(directory, fileName);
        var normalized = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("SLIPWAY_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, normalized);
        }

        Assert.That(File.Exists(path), Is.True, $"Golden file {path} is missing: run the tests once with SLIPWAY_UPDATE_GOLDEN=1 and review it.");
        Assert.That(normalized, Is.EqualTo(File.ReadAllText(path).ReplaceLineEndings("\n")),
            $"Output differs from {fileName}. If the change is intended, rerun with SLIPWAY_UPDATE_GOLDEN=1 and commit the file.");
    }
}
