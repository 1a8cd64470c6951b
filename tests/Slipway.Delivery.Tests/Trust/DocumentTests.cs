using System.Text;
using System.Text.Json;
using Slipway.Delivery.Image;
using Slipway.Delivery.Security;

namespace Slipway.Delivery.Tests.Trust;

/// <summary>The documents as data: OCI referrers (manifest, fallback tag and index), the dpkg reader, the SBOM and the provenance statement, the latter two valid against their specs' schemas.</summary>
public class DocumentTests
{
    private const string Digest = "sha256:9746a2f4ebb0728b3b6b26e219ed4c0b489decb10167f27888c3d4b3374c86c3";

    private const string Status = """
        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Source: glibc
        Version: 2.36-9+deb12u9
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         the system.

        Package: old-tool
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0

        Package: tzdata
        Status: install ok installed
        Architecture: all
        Version: 2025b-0+deb12u1
        """;

    [Test]
    public void The_fallback_tag_and_the_artifact_manifest_follow_the_referrers_tag_schema()
    {
        var subject = new OciDescriptor(OciReferrers.ManifestMediaType, Digest, 1234, null, new Dictionary<string, string>());

        var manifest = JsonDocument.Parse(OciReferrers.ArtifactManifest(ScanRecord.ArtifactType, "sha256:" + new string('a', 64), 99, subject,
            new Dictionary<string, string> { [OciDescriptor.CreatedAnnotation] = "2026-12-04T11:00:00.000Z" })).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(OciReferrers.FallbackTag(Digest), Is.EqualTo("sha256-9746a2f4ebb0728b3b6b26e219ed4c0b489decb10167f27888c3d4b3374c86c3"));
            Assert.That(manifest.GetProperty("artifactType").GetString(), Is.EqualTo(ScanRecord.ArtifactType));
            Assert.That(manifest.GetProperty("subject").GetProperty("digest").GetString(), Is.EqualTo(Digest));
            Assert.That(manifest.GetProperty("config").GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.oci.empty.v1+json"));
            Assert.That(manifest.GetProperty("config").GetProperty("digest").GetString(), Is.EqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), "the digest of {}");
            Assert.That(manifest.GetProperty("layers")[0].GetProperty("size").GetInt64(), Is.EqualTo(99));
        });
    }

    [Test]
    public void The_fallback_index_keeps_other_referrers_and_lists_one_digest_once()
    {
        var other = new OciDescriptor(OciReferrers.ManifestMediaType, "sha256:" + new string('b', 64), 10, "application/vnd.dev.cosign.artifact.sig.v1+json", new Dictionary<string, string>());
        var added = new OciDescriptor(OciReferrers.ManifestMediaType, "sha256:" + new string('c', 64), 20, ScanRecord.ArtifactType,
            new Dictionary<string, string> { [OciDescriptor.CreatedAnnotation] = "2026-12-04T11:00:00.000Z" });

        var once = OciReferrers.ReadIndex(OciReferrers.FallbackIndex([other], added));
        var twice = OciReferrers.ReadIndex(OciReferrers.FallbackIndex(once, added));

        Assert.Multiple(() =>
        {
            Assert.That(twice.Select(d => (d.Digest, d.ArtifactType)), Is.EqualTo(new[] { (other.Digest, other.ArtifactType), (added.Digest, added.ArtifactType) }));
            Assert.That(twice[1].Created, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public void Dpkg_status_lists_installed_packages_only()
    {
        var packages = DpkgStatus.Read(Status);

        Assert.That(packages, Is.EqualTo(new[]
        {
            new DpkgPackage("libc6", "2.36-9+deb12u9", "amd64", "glibc"),
            new DpkgPackage("tzdata", "2025b-0+deb12u1", "all", null),
        }));
        Assert.That(ImageSbom.PackageUrl(new DpkgPackage("libpam0g", "1:1.5.2-6", "amd64", null), "debian", "debian-12"),
            Is.EqualTo("pkg:deb/debian/libpam0g@1%3A1.5.2-6?arch=amd64&distro=debian-12"));
    }

    [Test]
    public void The_image_sbom_adds_the_os_packages_to_the_tools_bom_under_the_image_and_is_valid_cyclonedx_1_7()
    {
        const string dotnetBom = """
            {"bomFormat":"CycloneDX","specVersion":"1.7","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
             "metadata":{"timestamp":"2026-12-04T11:00:00Z","component":{"type":"application","bom-ref":"Catalog.Api@1.0.0","name":"Catalog.Api","version":"1.0.0"}},
             "components":[{"type":"library","bom-ref":"pkg:nuget/Npgsql@10.0.0","name":"Npgsql","version":"10.0.0","purl":"pkg:nuget/Npgsql@10.0.0"}]}
            """;

        var sbom = ImageSbom.Compose(dotnetBom, DpkgStatus.Read(Status), "debian", "12", "localhost:5000/acme/api", Digest);
        var root = JsonDocument.Parse(sbom).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(TrustTestData.Validate(sbom, "bom-1.7.schema.json"), Is.Empty);
            Assert.That(root.GetProperty("metadata").GetProperty("component").GetProperty("type").GetString(), Is.EqualTo("container"));
            Assert.That(root.GetProperty("metadata").GetProperty("component").GetProperty("version").GetString(), Is.EqualTo(Digest));
            Assert.That(ImageSbom.CountByType(sbom), Is.EqualTo(new Dictionary<string, int> { ["nuget"] = 1, ["deb"] = 2, ["other"] = 1 }), "the application itself has no purl");
            Assert.That(root.GetProperty("components").EnumerateArray().Select(c => c.TryGetProperty("purl", out var p) ? p.GetString() : null),
                Does.Contain("pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12"));
        });
    }

    [Test]
    public void The_schema_check_catches_a_broken_sbom()
    {
        var broken = Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX","specVersion":"1.7","components":[{"type":"librarry","name":"x"}]}""");

        Assert.That(TrustTestData.Validate(broken, "bom-1.7.schema.json"), Is.Not.Empty);
    }

    [Test]
    public void The_provenance_statement_names_the_digest_commit_bases_and_builder_and_is_valid_slsa_v1()
    {
        var statement = SlsaProvenance.Statement(new ProvenanceFacts
        {
            ImageName = "ghcr.io/acme/api",
            Digest = Digest,
            Repository = "https://github.com/acme/api",
            Commit = "d703a01adfef8c743e5e409cf8737008d2d979a8",
            Ref = "refs/heads/main",
            BaseImages = ["mcr.microsoft.com/dotnet/aspnet:10.0@sha256:" + new string('e', 64), "debian:bookworm-slim"],
            Builder = "https://github.com/acme/api/.github/workflows/delivery.yml@refs/heads/main",
            InvocationId = "https://github.com/acme/api/actions/runs/42",
            StartedOn = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero),
            FinishedOn = new DateTimeOffset(2026, 12, 4, 10, 5, 0, TimeSpan.Zero),
        });
        var root = JsonDocument.Parse(statement).RootElement;
        var dependencies = root.GetProperty("predicate").GetProperty("buildDefinition").GetProperty("resolvedDependencies");

        Assert.Multiple(() =>
        {
            Assert.That(TrustTestData.Validate(statement, "slsa-provenance-v1.schema.json"), Is.Empty);
            Assert.That(root.GetProperty("subject")[0].GetProperty("digest").GetProperty("sha256").GetString(), Is.EqualTo(Digest[7..]));
            Assert.That(dependencies[0].GetProperty("uri").GetString(), Is.EqualTo("git+https://github.com/acme/api@refs/heads/main"));
            Assert.That(dependencies[1].GetProperty("digest").GetProperty("sha256").GetString(), Is.EqualTo(new string('e', 64)));
            Assert.That(dependencies[2].TryGetProperty("digest", out _), Is.False, "a floating base tag has no digest to record");
            Assert.That(SlsaProvenance.Summary(statement), Is.EqualTo(("d703a01adfef8c743e5e409cf8737008d2d979a8", "https://github.com/acme/api/.github/workflows/delivery.yml@refs/heads/main")));
        });
    }

    [Test]
    public void The_dockerfile_names_the_published_project_and_the_base_images()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Docker.DockerTestEnvironment.RepositoryRoot(), "Dockerfile"));

        Assert.Multiple(() =>
        {
            Assert.That(DockerfileFacts.PublishedProject(dockerfile), Is.EqualTo("src/Catalog.Api/Catalog.Api.csproj"));
            Assert.That(DockerfileFacts.BaseImages(dockerfile), Has.Count.GreaterThanOrEqualTo(2));
        });
    }
}
