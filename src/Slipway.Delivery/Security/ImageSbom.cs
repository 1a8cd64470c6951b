using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Security;

/// <summary>
/// The CycloneDX SBOM of an image: the .NET packages as the CycloneDX dotnet tool lists them for the published
/// project, and the OS packages the image's dpkg database lists, as components with Debian package URLs
/// (<c>pkg:deb/debian/name@version?arch=…&amp;distro=debian-12</c>), under one container component named by the digest.
/// </summary>
internal static class ImageSbom
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string ArtifactType = "application/vnd.cyclonedx+json";

    public static byte[] Compose(string dotnetBom, IReadOnlyList<DpkgPackage> osPackages, string? distroId, string? distroVersion, string imageName, string digest)
    {
        ArgumentNullException.ThrowIfNull(osPackages);
        var bom = JsonNode.Parse(dotnetBom)?.AsObject() ?? throw new FormatException("The CycloneDX tool wrote no JSON object.");
        var metadata = bom["metadata"] as JsonObject ?? [];
        bom["metadata"] = metadata;

        // The subject is the image, by digest; the project the tool read stays as the first component.
        var application = metadata["component"]?.DeepClone();
        metadata["component"] = new JsonObject
        {
            ["type"] = "container",
            ["bom-ref"] = $"{imageName}@{digest}",
            ["name"] = imageName,
            ["version"] = digest,
        };
        var components = bom["components"] as JsonArray ?? [];
        bom["components"] = components;
        if (application is JsonObject app)
        {
            components.Insert(0, app);
        }

        var distro = distroId is null ? null : distroVersion is null ? distroId : $"{distroId}-{distroVersion}";
        var seen = components.OfType<JsonObject>().Select(c => c["bom-ref"]?.GetValue<string>()).Where(r => r is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var package in osPackages)
        {
            var purl = PackageUrl(package, distroId ?? "debian", distro);
            if (!seen.Add(purl))
            {
                continue;
            }

            var component = new JsonObject
            {
                ["type"] = "library",
                ["bom-ref"] = purl,
                ["name"] = package.Name,
                ["version"] = package.Version,
                ["purl"] = purl,
            };
            if (package.Source is { } source && source != package.Name)
            {
                component["properties"] = new JsonArray(new JsonObject { ["name"] = "slipway:dpkg:source", ["value"] = source });
            }

            components.Add(component);
        }

        return JsonSerializer.SerializeToUtf8Bytes(bom, Indented);
    }

    /// <summary>The package URL of a Debian package (purl-spec's deb type; the version's epoch colon percent-encoded).</summary>
    public static string PackageUrl(DpkgPackage package, string vendor, string? distro)
    {
        ArgumentNullException.ThrowIfNull(package);
        var qualifiers = new List<string>();
        if (package.Architecture is { } architecture)
        {
            qualifiers.Add("arch=" + Uri.EscapeDataString(architecture));
        }

        if (distro is not null)
        {
            qualifiers.Add("distro=" + Uri.EscapeDataString(distro));
        }

        return $"pkg:deb/{vendor}/{Uri.EscapeDataString(package.Name)}@{Uri.EscapeDataString(package.Version)}" +
            (qualifiers.Count > 0 ? "?" + string.Join('&', qualifiers) : string.Empty);
    }

    /// <summary><c>/etc/os-release</c>'s ID and VERSION_ID (e.g. debian, 12).</summary>
    public static (string? Id, string? VersionId) OsRelease(string osRelease)
    {
        ArgumentNullException.ThrowIfNull(osRelease);
        var fields = osRelease.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'), StringComparer.Ordinal);
        return (fields.GetValueOrDefault("ID"), fields.GetValueOrDefault("VERSION_ID"));
    }

    /// <summary>How many components the SBOM lists, by package type (nuget, deb), for Inspect.</summary>
    public static IReadOnlyDictionary<string, int> CountByType(byte[] sbom)
    {
        using var document = JsonDocument.Parse(sbom);
        if (!document.RootElement.TryGetProperty("components", out var components))
        {
            return new Dictionary<string, int>();
        }

        return components.EnumerateArray()
            .Select(c => c.TryGetProperty("purl", out var purl) && purl.GetString() is { } text && text.StartsWith("pkg:", StringComparison.Ordinal)
                ? text[4..text.IndexOf('/', StringComparison.Ordinal)]
                : "other")
            .GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
