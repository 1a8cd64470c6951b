using System.Text;
using Slipway.Delivery.Image;
using Slipway.Delivery.Security;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Trust;

/// <summary>
/// Against the real local registry (registry:2, which has no referrers API): documents attached to a pushed digest are
/// found again through the referrers tag schema's fallback index, newest first, and read back byte for byte; the SBOM
/// of a real image (the CycloneDX tool over Catalog.Api, the image's own dpkg database) is valid CycloneDX 1.7.
/// </summary>
public class ReferrerStoreTests
{
    [Test]
    public async Task Documents_attached_to_a_digest_are_listed_newest_first_through_the_fallback_tag_and_read_back()
    {
        var (_, name, digest) = await TrustTestData.PushOwnImageAsync("referrers");
        using var registry = new RegistryClient();
        var store = new ReferrerStore(registry, credentials: null);
        var older = ScanRecord.FromTrivy(TrustTestData.DebianBusterReport, null, digest, name.WithDigest(digest), DateTimeOffset.UtcNow);
        var newer = older with { ScannedAt = DateTimeOffset.UtcNow, Findings = [], Counts = new Dictionary<string, int>() };

        var referrersApi = await registry.GetReferrersAsync(name, digest, credentials: null);
        var empty = await store.ListAsync(name, digest);
        await store.AttachAsync(name, digest, ScanRecord.ArtifactType, older.ToJson(), Created("2026-12-04T10:00:00.000Z"));
        await store.AttachAsync(name, digest, "text/plain", Encoding.UTF8.GetBytes("another tool's referrer"), Created("2026-12-04T10:30:00.000Z"));
        await store.AttachAsync(name, digest, ScanRecord.ArtifactType, newer.ToJson(), Created("2026-12-04T11:00:00.000Z"));
        var records = await store.ListAsync(name, digest, ScanRecord.ArtifactType);
        var all = await store.ListAsync(name, digest);
        var fallback = await registry.GetManifestAsync(name, OciReferrers.FallbackTag(digest), credentials: null);
        var newest = ScanRecord.Parse(await store.ReadAsync(name, records[0]));
        var oldest = ScanRecord.Parse(await store.ReadAsync(name, records[1]));

        Assert.Multiple(() =>
        {
            Assert.That(referrersApi.StatusCode, Is.EqualTo(404), "registry:2 has no referrers API: the fallback tag is what makes this work");
            Assert.That(empty, Is.Empty);
            Assert.That(fallback.MediaType, Is.EqualTo(OciImageIndex.MediaType));
            Assert.That(all, Has.Count.EqualTo(3));
            Assert.That(records, Has.Count.EqualTo(2));
            Assert.That(newest.Findings, Is.Empty);
            Assert.That(oldest.Findings.Select(f => f.Id), Is.EqualTo(new[] { "CVE-2019-18276", "CVE-2019-18224" }));
        });
    }

    [Test]
    public async Task The_sbom_of_a_real_image_lists_its_nuget_and_debian_packages_and_is_valid_cyclonedx()
    {
        var (_, name, digest) = await TrustTestData.PushOwnImageAsync("sbom");
        var root = AbsolutePath.Create(DockerTestEnvironment.RepositoryRoot());
        var work = AbsolutePath.Create(Directory.CreateTempSubdirectory("slipway-trust-sbom-").FullName);
        using var registry = new RegistryClient();
        var store = new ReferrerStore(registry, credentials: null);
        await using var engine = await DockerTestEnvironment.ConnectAsync();

        var counts = await new ImageAttestation(store, work).AttachSbomAsync(engine, name, digest, root, "src/Catalog.Api/Catalog.Api.csproj");
        var attached = await store.ListAsync(name, digest, ImageSbom.ArtifactType);
        var sbom = await store.ReadAsync(name, attached[0]);

        Assert.Multiple(() =>
        {
            Assert.That(TrustTestData.Validate(sbom, "bom-1.7.schema.json"), Is.Empty);
            Assert.That(counts.GetValueOrDefault("nuget"), Is.GreaterThan(5), "Catalog.Api's packages (EF Core, Npgsql, Serilog, ...)");
            Assert.That(counts.GetValueOrDefault("deb"), Is.GreaterThan(20), "the stand-in's Debian packages, read from its dpkg database");
            Assert.That(Encoding.UTF8.GetString(sbom), Does.Contain("pkg:nuget/Npgsql@").And.Contain("pkg:deb/debian/libc6@").And.Contain("distro=debian-12"));
            Assert.That(Encoding.UTF8.GetString(sbom), Does.Not.Contain("pkg:nuget/Meziantou.Analyzer"), "development-only packages are left out");
        });
        Directory.Delete(work, recursive: true);
    }

    private static Dictionary<string, string> Created(string at) => new() { [OciDescriptor.CreatedAnnotation] = at };
}
