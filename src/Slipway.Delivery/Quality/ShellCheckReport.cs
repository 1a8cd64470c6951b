using System.Globalization;
using System.Text.Json;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Quality;

/// <summary>Reads <c>shellcheck --format=json1</c> output: <c>SC2086</c>-style rules with file and line.</summary>
internal static class ShellCheckReport
{
    public static IReadOnlyList<Finding> Read(string json, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("comments").EnumerateArray().Select(comment => new Finding(
            RepositoryPath.Relative(root, comment.GetProperty("file").GetString() ?? "?"),
            comment.GetProperty("line").GetInt32(),
            "SC" + comment.GetProperty("code").GetInt32().ToString(CultureInfo.InvariantCulture),
            $"{comment.GetProperty("message").GetString()} ({comment.GetProperty("level").GetString()})"))];
    }
}
