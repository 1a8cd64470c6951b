using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Image;

/// <summary>
/// Promotion on the real registry (127.0.0.1:5000): an image is written there through the HTTP API (a config and a
/// layer blob, a manifest under <c>sha-…</c>), then promoted by digest; every release tag must name the same manifest.
/// </summary>
public sealed class ImagePromotionTests
{
    private const string Registry = "127.0.0.1:5000";

    [TestCase("1.4.0", new[] { "1.4.0", "1.4", "latest" })]
    [TestCase("2.0.3", new[] { "2.0.3", "2.0", "latest" })]
    [TestCase("1.5.0-beta.2", new[] { "1.5.0-beta.2" })]
    public void A_release_gets_its_version_its_minor_line_and_latest(string version, string[] expected) =>
        Assert.That(ImagePromotion.ReleaseTags(version), Is.EqualTo(expected));

    [Test]
    public void Latest_can_be_left_alone() =>
        Assert.That(ImagePromotion.ReleaseTags("1.3.1", latest: false), Is.EqualTo(new[] { "1.3.1", "1.3" }));

    [Test]
    public async Task Promotion_tags_the_digest_staging_served_without_a_new_manifest()
    {
        await RequireRegistryAsync();
        var name = new ImageName(Registry, $"slipway-test/promote-{Guid.NewGuid():N}"[..40]);
        using var http = new HttpClient();
        var digest = await PushTinyImageAsync(http, name, "sha-1234567");
        using var registry = new RegistryClient();

        var promotion = new ImagePromotion(name, digest, ImagePromotion.ReleaseTags("1.4.0"));
        await new ImagePromoter(registry).PromoteAsync(promotion, credentials: null);

        var tags = await http.GetStringAsync(new Uri($"http://{Registry}/v2/{name.Repository}/tags/list"));
        var digests = new List<string?>();
        foreach (var tag in new[] { "sha-1234567", "1.4.0", "1.4", "latest" })
        {
            digests.Add((await registry.GetManifestDigestAsync(name, tag, credentials: null)).Digest);
        }

        Assert.Multiple(() =>
        {
            Assert.That(digests, Has.All.EqualTo(digest), "every tag names the one manifest");
            Assert.That(tags, Does.Contain("\"1.4.0\"").And.Contain("\"1.4\"").And.Contain("\"latest\""));
            Assert.That(promotion.Describe(), Does.Contain(digest).And.Contain("1.4.0, 1.4, latest"));
        });
    }

    [Test]
    public async Task A_digest_the_repository_does_not_hold_is_refused_and_tags_nothing()
    {
        await RequireRegistryAsync();
        var name = new ImageName(Registry, $"slipway-test/promote-{Guid.NewGuid():N}"[..40]);
        using var http = new HttpClient();
        await PushTinyImageAsync(http, name, "sha-7654321");
        using var registry = new RegistryClient();
        var missing = "sha256:" + new string('0', 64);

        var promote = () => new ImagePromoter(registry).PromoteAsync(new ImagePromotion(name, missing, ["1.4.0"]), credentials: null);

        Assert.That(promote, Throws.TypeOf<BuildFailedException>().With.Message.Contains("Tagging").And.Message.Contains("HTTP 404"));
        Assert.That((await registry.GetManifestDigestAsync(name, "1.4.0", credentials: null)).Found, Is.False);
    }

    private static async Task RequireRegistryAsync()
    {
        var status = await LocalDockerInfra.CheckAsync();
        if (!status.IsReady)
        {
            Assert.Fail(status.Describe());
        }
    }

    // The smallest image a registry accepts: a config blob, one layer blob, a Docker v2 manifest naming both.
    private static async Task<string> PushTinyImageAsync(HttpClient http, ImageName name, string tag)
    {
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var layer = RandomNumberGenerator.GetBytes(64);
        var configDigest = await UploadBlobAsync(http, name, config);
        var layerDigest = await UploadBlobAsync(http, name, layer);
        var manifest = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":{config.Length},\"digest\":\"{configDigest}\"}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":{layer.Length},\"digest\":\"{layerDigest}\"}}]}}");
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.docker.distribution.manifest.v2+json");
        using var put = await http.PutAsync(new Uri($"http://{Registry}/v2/{name.Repository}/manifests/{tag}"), content);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());
        return Digest(manifest);
    }

    private static async Task<string> UploadBlobAsync(HttpClient http, ImageName name, byte[] blob)
    {
        var digest = Digest(blob);
        using var start = await http.PostAsync(new Uri($"http://{Registry}/v2/{name.Repository}/blobs/uploads/"), content: null);
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var location = new Uri(new Uri($"http://{Registry}/"), start.Headers.Location!);
        var separator = location.Query.Length == 0 ? "?" : "&";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri($"{location}{separator}digest={Uri.EscapeDataString(digest)}"), content);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());
        return digest;
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
