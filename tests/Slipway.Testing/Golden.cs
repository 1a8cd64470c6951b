using System.Runtime.CompilerServices;
using NUnit.Framework;

namespace Slipway.Testing;

/// <summary>
/// Golden-file comparison against <c>Golden/</c> in the calling test project (stands in for Verify, which the feed does not serve): exact match against a committed file;
/// run with SLIPWAY_UPDATE_GOLDEN=1 to rewrite the files on purpose, then review the diff.
/// </summary>
public static class Golden
{
    public static void AssertMatches(string actual, string fileName, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerFile), "Golden");
        var path = Path.Combine(directory, fileName);
        var normalized = actual.ReplaceLineEndings("\n");
        if (System.Environment.GetEnvironmentVariable("SLIPWAY_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, normalized);
        }

        Assert.That(File.Exists(path), Is.True, $"Golden file {path} is missing: run the tests once with SLIPWAY_UPDATE_GOLDEN=1 and review it.");
        Assert.That(normalized, Is.EqualTo(File.ReadAllText(path).ReplaceLineEndings("\n")),
            $"Output differs from {fileName}. If the change is intended, rerun with SLIPWAY_UPDATE_GOLDEN=1 and commit the file.");
    }

    private static string FindProjectDirectory(string callerFile)
    {
        for (var directory = Path.GetDirectoryName(callerFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.EnumerateFiles(directory, "*.csproj").Any())
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"No project folder above {callerFile}.");
    }
}
