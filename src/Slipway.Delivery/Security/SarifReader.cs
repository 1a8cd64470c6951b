using System.Text.Json;
using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Security;

/// <summary>
/// Reads SARIF 2.1 logs (the compiler's <c>ErrorLog</c>, trivy's <c>--format sarif</c>): every result that is not
/// suppressed and is an error or a warning, as a finding.
/// </summary>
internal static class SarifReader
{
    public static IReadOnlyList<Finding> Read(string json, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var document = JsonDocument.Parse(json);
        var findings = new List<Finding>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var results))
            {
                continue;
            }

            foreach (var result in results.EnumerateArray())
            {
                var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
                var suppressed = result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0;
                if (suppressed || level is not ("error" or "warning"))
                {
                    continue;
                }

                var (path, line) = Location(result, root);
                var finding = new Finding(
                    path,
                    line,
                    result.TryGetProperty("ruleId", out var rule) ? rule.GetString() ?? "?" : "?",
                    result.GetProperty("message").GetProperty("text").GetString() ?? string.Empty);
                if (!findings.Contains(finding))
                {
                    findings.Add(finding);
                }
            }
        }

        return findings;
    }

    private static (string Path, int? Line) Location(JsonElement result, AbsolutePath root)
    {
        if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0
            || !locations[0].TryGetProperty("physicalLocation", out var physical))
        {
            return ("?", null);
        }

        var uri = physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var u) ? u.GetString() ?? "?" : "?";
        int? line = physical.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var start) ? start.GetInt32() : null;
        return (RepositoryPath.Relative(root, Uri.UnescapeDataString(uri)), line);
    }
}
