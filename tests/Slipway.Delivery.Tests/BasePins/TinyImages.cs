using System.Text;
using System.Text.Json.Nodes;
using Slipway.Delivery.Image;

namespace Slipway.Delivery.Tests.BasePins;

/// <summary>The smallest images the real registry accepts (a config blob, no layers), written through its HTTP API.</summary>
internal static class TinyImages
{
    public const string Registry = "127.0.0.1:5000";

    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>A repository no other test run uses.</summary>
    public static ImageName NewRepository() => new(Registry, $"slipway-tests/pins-{Guid.NewGuid():N}"[..36]);

    public static async Task RequireRegistryAsync()
    {
        using var registry = new RegistryClient(TimeSpan.FromSeconds(5));
        var probe = await registry.ProbeAsync(Registry, credentials: null);
        if (probe.StatusCode != 200)
        {
            Assert.Fail($"The local registry at {probe.Endpoint} is needed ({probe.Description}): run .ci/provision-docker.sh.");
        }
    }

    /// <summary>Pushes one image under <paramref name="reference"/> (a tag or its digest); its config says <paramref name="architecture"/> and carries <paramref name="nonce"/>.</summary>
    public static async Task<RegistryManifest> PushImageAsync(ImageName name, string? reference, string nonce, string architecture = "amd64")
    {
        using var registry = new RegistryClient();
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["test.nonce"] = nonce } },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
        }.ToJsonString());
        var configDigest = await registry.PushBlobAsync(name, config, credentials: null);
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestType,
            ["config"] = OciImageIndex.Descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.Length),
            ["layers"] = new JsonArray(),
        }.ToJsonString());
        var digest = RegistryClient.Digest(manifest);
        var put = await registry.PutManifestAsync(name, reference ?? digest, manifest, ManifestType, credentials: null);
        Assert.That(put.Found, Is.True, $"PUT {put.Url} answered HTTP {put.StatusCode}");
        return new RegistryManifest(digest, ManifestType, manifest);
    }

    /// <summary>Pushes a two-platform index under <paramref name="tag"/>, as buildx publishes a multi-platform base; returns the index's digest.</summary>
    public static async Task<string> PushIndexAsync(ImageName name, string tag, string nonce)
    {
        var amd64 = await PushImageAsync(name, reference: null, nonce, "amd64");
        var arm64 = await PushImageAsync(name, reference: null, nonce, "arm64");
        var index = OciImageIndex.Create([(ImagePlatform.Parse("linux/amd64"), amd64), (ImagePlatform.Parse("linux/arm64"), arm64)]);
        using var registry = new RegistryClient();
        var put = await registry.PutManifestAsync(name, tag, index, OciImageIndex.MediaType, credentials: null);
        Assert.That(put.Found, Is.True, $"PUT {put.Url} answered HTTP {put.StatusCode}");
        return RegistryClient.Digest(index);
    }
}
