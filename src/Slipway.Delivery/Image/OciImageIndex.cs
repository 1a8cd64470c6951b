using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Image;

/// <summary>
/// An OCI image index (image-spec image-index.md) naming one manifest per platform: what <c>docker buildx build
/// --platform a,b --push</c> publishes, written here for engines without buildx. Pure: bytes in, bytes out.
/// </summary>
internal static class OciImageIndex
{
    public const string MediaType = "application/vnd.oci.image.index.v1+json";

    /// <summary>Plain '+' in media types, as registries and buildx write them (the default encoder escapes it).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] IndexMediaTypes = [MediaType, "application/vnd.docker.distribution.manifest.list.v2+json"];

    public static bool IsIndex(string? mediaType) => mediaType is not null && IndexMediaTypes.Contains(mediaType, StringComparer.Ordinal);

    /// <summary>The index's bytes; the same manifests in the same order always give the same bytes (and digest).</summary>
    public static byte[] Create(IReadOnlyList<(ImagePlatform Platform, RegistryManifest Manifest)> manifests)
    {
        var entries = new JsonArray();
        foreach (var (platform, manifest) in manifests)
        {
            var platformNode = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
            if (platform.Variant is not null)
            {
                platformNode["variant"] = platform.Variant;
            }

            var entry = Descriptor(manifest.MediaType, manifest.Digest, manifest.Content.Length);
            entry["platform"] = platformNode;
            entries.Add(entry);
        }

        return Write(entries);
    }

    /// <summary>An OCI image index listing <paramref name="manifests"/> (descriptors): a platform index, or the referrers fallback's.</summary>
    public static byte[] Write(JsonArray manifests) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaType, ["manifests"] = manifests }, Json);

    /// <summary>An OCI content descriptor: what an index or a manifest lists.</summary>
    public static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    /// <summary>The platforms an index names with their manifest digests (<c>linux/arm64</c> → <c>sha256:...</c>).</summary>
    public static IReadOnlyList<(string Platform, string Digest)> ReadPlatforms(byte[] index)
    {
        var root = JsonNode.Parse(index) ?? throw new JsonException("The index is null.");
        var result = new List<(string, string)>();
        foreach (var entry in root["manifests"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (entry["platform"] is not JsonObject platform || entry["digest"]?.GetValue<string>() is not { } digest)
            {
                continue;
            }

            var name = $"{platform["os"]?.GetValue<string>()}/{platform["architecture"]?.GetValue<string>()}";
            if (platform["variant"]?.GetValue<string>() is { } variant)
            {
                name += "/" + variant;
            }

            result.Add((name, digest));
        }

        return result;
    }
}
