using System.Text.Json;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Quality;

/// <summary>Reads the JSON report of <c>dotnet format --report</c>: one finding per change it made or would make.</summary>
internal static class DotNetFormatReport
{
    public static IReadOnlyList<Finding> Read(string json, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var document = JsonDocument.Parse(json);
        var findings = new List<Finding>();
        foreach (var file in document.RootElement.EnumerateArray())
        {
            var path = RepositoryPath.Relative(root, file.GetProperty("FilePath").GetString() ?? "?");
            if (!file.TryGetProperty("FileChanges", out var changes))
            {
                continue;
            }

            foreach (var change in changes.EnumerateArray())
            {
                var rule = change.TryGetProperty("DiagnosticId", out var id) ? id.GetString() ?? "FORMAT" : "FORMAT";
                var message = change.TryGetProperty("FormatDescription", out var description) ? description.GetString() ?? string.Empty : string.Empty;
                findings.Add(new Finding(
                    path,
                    change.TryGetProperty("LineNumber", out var line) ? line.GetInt32() : null,
                    rule,
                    WithoutSeverityPrefix(message, rule)));
            }
        }

        // dotnet format reports a change once per project that holds the document; once is enough.
        return [.. findings.Distinct()];
    }

    // Analyzer descriptions come as "warning IDE0005: Using directive is unnecessary."; the rule is shown anyway.
    private static string WithoutSeverityPrefix(string message, string rule)
    {
        foreach (var severity in (string[])["error", "warning", "info", "hidden"])
        {
            var prefix = $"{severity} {rule}: ";
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return message[prefix.Length..];
            }
        }

        return message;
    }
}
