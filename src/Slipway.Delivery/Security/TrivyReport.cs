using System.Text.Json;
using Slipway.Delivery.Quality;

namespace Slipway.Delivery.Security;

/// <summary>
/// Reads <c>trivy image --format json</c>: one finding per vulnerable OS or library package in the image, placed on
/// the Dockerfile that built it (where a base image or package version is changed to fix it).
/// </summary>
internal static class TrivyReport
{
    public static IReadOnlyList<Finding> Read(string json, string image, string dockerfile = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(image);
        using var document = JsonDocument.Parse(json);
        var findings = new List<Finding>();
        if (!document.RootElement.TryGetProperty("Results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return findings;
        }

        foreach (var result in results.EnumerateArray())
        {
            var target = Text(result, "Target") ?? image;
            if (!result.TryGetProperty("Vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var vulnerability in vulnerabilities.EnumerateArray())
            {
                var fixedIn = Text(vulnerability, "FixedVersion") is { Length: > 0 } version ? $"fixed in {version}" : "no fix yet";
                var url = Text(vulnerability, "PrimaryURL") is { Length: > 0 } primary ? " " + primary : string.Empty;
                findings.Add(new Finding(
                    dockerfile,
                    null,
                    Text(vulnerability, "VulnerabilityID") ?? "?",
                    $"{image} ({target}): {Text(vulnerability, "PkgName")} {Text(vulnerability, "InstalledVersion")}: {Text(vulnerability, "Severity")} {Text(vulnerability, "Title")} ({fixedIn}){url}"));
            }
        }

        return findings;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
