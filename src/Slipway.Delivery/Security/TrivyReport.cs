using System.Text.Json;
using Slipway.Delivery.Quality;

namespace Slipway.Delivery.Security;

/// <summary>
/// Reads <c>trivy image --format json</c>: one finding per vulnerable OS or library package in the image, placed on
/// the Dockerfile that built it (where a base image or package version is changed to fix it). The Scan target's
/// findings and the scan record of a pushed digest (<see cref="ScanRecord"/>) both come from <see cref="Vulnerabilities"/>.
/// </summary>
internal static class TrivyReport
{
    public static IReadOnlyList<Finding> Read(string json, string image, string dockerfile = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(image);
        return [.. Vulnerabilities(json).Select(v =>
        {
            var fixedIn = v.FixedVersion is { Length: > 0 } version ? $"fixed in {version}" : "no fix yet";
            var url = v.Url is { Length: > 0 } primary ? " " + primary : string.Empty;
            return new Finding(dockerfile, null, v.Id, $"{image} ({v.Target ?? image}): {v.Package} {v.InstalledVersion}: {v.Severity} {v.Title} ({fixedIn}){url}");
        })];
    }

    /// <summary>Every vulnerability of every result (OS packages and language packages), in the report's order.</summary>
    public static IReadOnlyList<TrivyVulnerability> Vulnerabilities(string json)
    {
        using var document = JsonDocument.Parse(json);
        var found = new List<TrivyVulnerability>();
        if (!document.RootElement.TryGetProperty("Results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var result in results.EnumerateArray())
        {
            var target = Text(result, "Target");
            if (!result.TryGetProperty("Vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var vulnerability in vulnerabilities.EnumerateArray())
            {
                found.Add(new TrivyVulnerability(
                    Text(vulnerability, "VulnerabilityID") ?? "?",
                    Text(vulnerability, "PkgName") ?? "?",
                    Text(vulnerability, "InstalledVersion"),
                    (Text(vulnerability, "Severity") ?? "UNKNOWN").ToUpperInvariant(),
                    Text(vulnerability, "FixedVersion"),
                    Text(vulnerability, "Title"),
                    Text(vulnerability, "PrimaryURL"),
                    target));
            }
        }

        return found;
    }

    /// <summary>When trivy made the report (<c>CreatedAt</c>), and its version when the report carries it (<c>Trivy.Version</c>, trivy 0.56 and later).</summary>
    public static (DateTimeOffset? CreatedAt, string? TrivyVersion) Header(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        DateTimeOffset? created = root.TryGetProperty("CreatedAt", out var c) && c.ValueKind == JsonValueKind.String && c.TryGetDateTimeOffset(out var at) ? at : null;
        var version = root.TryGetProperty("Trivy", out var trivy) && trivy.ValueKind == JsonValueKind.Object ? Text(trivy, "Version") : null;
        return (created, version);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
