using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Image;

/// <summary>
/// The documents of OCI 1.1 referrers, as data (image-spec 1.1 "artifacts" and distribution-spec 1.1 "referrers",
/// what oras and cosign write): an artifact manifest whose <c>subject</c> is the image, and — for registries without the
/// referrers API, such as registry:2 — the referrers tag schema's index under the tag <c>sha256-&lt;hex&gt;</c>.
/// </summary>
internal static class OciReferrers
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>The empty config of an artifact without one (image-spec 1.1 "guidance for an empty descriptor").</summary>
    public const string EmptyMediaType = "application/vnd.oci.empty.v1+json";

    public static readonly byte[] EmptyConfig = "{}"u8.ToArray();

    /// <summary>The referrers tag schema: <c>sha256:abc…</c> becomes the tag <c>sha256-abc…</c>.</summary>
    public static string FallbackTag(string subjectDigest)
    {
        ArgumentNullException.ThrowIfNull(subjectDigest);
        var colon = subjectDigest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"'{subjectDigest}' is not a digest (algorithm:hex).", nameof(subjectDigest));
        }

        var tag = $"{subjectDigest[..colon]}-{subjectDigest[(colon + 1)..]}";
        return tag.Length > OciTag.MaxLength ? tag[..OciTag.MaxLength] : tag;
    }

    /// <summary>
    /// An artifact manifest: the empty config, one layer holding <paramref name="contentDigest"/>, and the image as its
    /// subject. Returns the bytes as they are pushed, so their digest is the manifest's.
    /// </summary>
    public static byte[] ArtifactManifest(
        string artifactType, string contentDigest, long contentSize, OciDescriptor subject, IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["artifactType"] = artifactType,
            ["config"] = OciImageIndex.Descriptor(EmptyMediaType, RegistryClient.Digest(EmptyConfig), EmptyConfig.Length),
            ["layers"] = new JsonArray(OciImageIndex.Descriptor(artifactType, contentDigest, contentSize)),
            ["subject"] = OciImageIndex.Descriptor(subject.MediaType, subject.Digest, subject.Size),
            ["annotations"] = Annotations(annotations),
        };
        return JsonSerializer.SerializeToUtf8Bytes(manifest);
    }

    /// <summary>
    /// The fallback index with <paramref name="added"/> listed: the existing one's descriptors kept (another tool's
    /// referrers too), a descriptor of the same digest not listed twice.
    /// </summary>
    public static byte[] FallbackIndex(IReadOnlyList<OciDescriptor> existing, OciDescriptor added)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(added);
        var manifests = new JsonArray();
        foreach (var descriptor in existing.Where(d => d.Digest != added.Digest).Append(added))
        {
            var node = OciImageIndex.Descriptor(descriptor.MediaType, descriptor.Digest, descriptor.Size);
            if (descriptor.ArtifactType is { } type)
            {
                node["artifactType"] = type;
            }

            if (descriptor.Annotations.Count > 0)
            {
                node["annotations"] = Annotations(descriptor.Annotations);
            }

            manifests.Add(node);
        }

        return OciImageIndex.Write(manifests);
    }

    /// <summary>The descriptors an index lists (the referrers API's answer and the fallback tag's index have one shape).</summary>
    public static IReadOnlyList<OciDescriptor> ReadIndex(byte[] index)
    {
        using var document = JsonDocument.Parse(index);
        if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. manifests.EnumerateArray().Select(ReadDescriptor)];
    }

    /// <summary>The descriptor of the one layer of an artifact manifest: where its content is.</summary>
    public static OciDescriptor ReadArtifactLayer(byte[] manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        return document.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array && layers.GetArrayLength() > 0
            ? ReadDescriptor(layers[0])
            : throw new FormatException("The artifact manifest has no layer.");
    }

    private static OciDescriptor ReadDescriptor(JsonElement element)
    {
        var annotations = element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
            ? a.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new OciDescriptor(
            element.GetProperty("mediaType").GetString() ?? string.Empty,
            element.GetProperty("digest").GetString() ?? string.Empty,
            element.GetProperty("size").GetInt64(),
            element.TryGetProperty("artifactType", out var type) ? type.GetString() : null,
            annotations);
    }

    private static JsonObject Annotations(IReadOnlyDictionary<string, string> annotations)
    {
        var node = new JsonObject();
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            node[key] = value;
        }

        return node;
    }
}
