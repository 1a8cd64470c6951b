using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Deploy;

public class DeployValueTests
{
    private const string Digest = "sha256:93930afa77df6b36bf60ec0b762c4dc08a91314cbd5f16fd6381a1a101f6a0b9";

    [Test]
    public void Images_are_deployed_by_digest_only()
    {
        var image = DeployImage.FromReference($"localhost:5000/slipway/catalog-api@{Digest}");
        var byTag = Assert.Throws<BuildFailedException>(() => DeployImage.FromReference("localhost:5000/slipway/catalog-api:1.4.0"))!;

        Assert.Multiple(() =>
        {
            Assert.That(image.Digest, Is.EqualTo(Digest));
            Assert.That(byTag.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(byTag.Message, Does.Contain("by digest").And.Contains("digestReference"));
        });
    }

    [Test]
    public void Image_labels_give_version_commit_build_time_and_schema()
    {
        var image = DeployImage.FromReference($"r/x@{Digest}").WithLabels(new Dictionary<string, string>
        {
            ["org.opencontainers.image.version"] = "1.4.0",
            ["org.opencontainers.image.revision"] = "abc123",
            ["org.opencontainers.image.created"] = "2026-11-21T21:43:19Z",
            ["org.slipway.schema"] = "sha256:abc",
        });
        var unlabelled = DeployImage.FromReference($"r/x@{Digest}").WithLabels(new Dictionary<string, string> { ["org.slipway.schema"] = "" });

        Assert.Multiple(() =>
        {
            Assert.That(image.Version, Is.EqualTo("1.4.0"));
            Assert.That(image.Commit, Is.EqualTo("abc123"));
            Assert.That(image.Created, Is.EqualTo(new DateTimeOffset(2026, 11, 21, 21, 43, 19, TimeSpan.Zero)));
            Assert.That(image.Schema, Is.EqualTo("sha256:abc"));
            Assert.That(unlabelled.Schema, Is.Null, "an empty label is no fingerprint");
        });
    }

    [Test]
    public void The_engine_s_platform_and_labels_come_from_one_inspect_and_a_missing_platform_stays_unknown()
    {
        var arm = DeployImage.FromReference($"r/x@{Digest}").WithFacts("linux/arm64/v8 {\"org.opencontainers.image.version\":\"1.4.0\"}\n");
        var amd = DeployImage.FromReference($"r/x@{Digest}").WithFacts("linux/amd64 null");
        var odd = DeployImage.FromReference($"r/x@{Digest}").WithFacts(" {}");

        Assert.Multiple(() =>
        {
            Assert.That(DeployImage.FactsFormat, Does.StartWith("{{.Os}}/{{.Architecture}}"));
            Assert.That(arm.Platform, Is.EqualTo("linux/arm64/v8"));
            Assert.That(arm.Version, Is.EqualTo("1.4.0"));
            Assert.That(amd.Platform, Is.EqualTo("linux/amd64"));
            Assert.That(amd.Version, Is.Null, "an image without labels");
            Assert.That(odd.Platform, Is.Null);
        });
    }

    [TestCase("1.4.0+sha.1a2b3c4", "1.4.0", true)]
    [TestCase("0.1.0-38+Branch.main.Sha.03aa131", "0.1.0-38", true)]
    [TestCase("1.4.0", "1.4.1", false)]
    [TestCase("1.4.0-beta", "1.4.0", false)]
    [TestCase(null, "1.4.0", false)]
    public void Versions_match_ignoring_build_metadata(string? reported, string expected, bool same)
    {
        Assert.That(VersionMatch.Same(reported, expected), Is.EqualTo(same));
    }

    [TestCase("1.4.0", false)]
    [TestCase("1.4.0+sha.1", false)]
    [TestCase("1.4.0-rc.1", true)]
    [TestCase("0.1.0-38", true)]
    public void Pre_releases_are_recognised(string version, bool preRelease)
    {
        Assert.That(VersionMatch.IsPreRelease(version), Is.EqualTo(preRelease));
    }

    [Test]
    public void Names_are_per_environment_and_container_safe()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DeployNames.AppContainer("staging", "1.4.0+sha.1a2b3c4", Digest), Is.EqualTo("slipway-staging-1.4.0-sha.1a2b3c4-93930afa77df"));
            Assert.That(DeployNames.Edge("staging"), Is.EqualTo("slipway-edge-staging"));
            Assert.That(DeployNames.DataVolume("production"), Is.EqualTo("slipway-production-data"));
            Assert.That(DeployNames.Slug("+++"), Is.EqualTo("unversioned"));
        });
    }

    [Test]
    public void Deploy_ids_sort_by_time_and_say_their_kind()
    {
        var at = new DateTimeOffset(2026, 11, 21, 21, 48, 1, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(DeployIds.New(DeployKind.Deploy, at), Does.Match("^d-20261121T214801Z-[0-9a-f]{6}$"));
            Assert.That(DeployIds.New(DeployKind.Rollback, at), Does.StartWith("r-20261121T214801Z-"));
        });
    }

    [Test]
    public void A_raw_http_response_from_socat_parses_with_its_json_version()
    {
        var raw = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n\r\n" +
                  "{\"service\":\"catalog-api\",\"version\":\"0.1.0-38+Branch.main.Sha.03aa131\",\"commit\":\"03aa131\"}";

        var response = HttpProbeResponse.TryParse(raw)!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(response.JsonVersion(), Is.EqualTo("0.1.0-38+Branch.main.Sha.03aa131"));
            Assert.That(HttpProbeResponse.TryParse(string.Empty), Is.Null);
            Assert.That(HttpProbeResponse.TryParse("HTTP/1.1 503 Service Unavailable\r\n\r\nnot json")!.JsonVersion(), Is.Null);
        });
    }

    [Test]
    public void Ports_go_to_the_first_unclaimed_in_the_range_and_a_full_range_says_how_to_fix_it()
    {
        var range = new PortRange(28100, 4);

        Assert.Multiple(() =>
        {
            Assert.That(PortAllocator.Choose(range, [28100, 28101, 9999]), Is.EqualTo(28102));
            Assert.That(PortAllocator.Choose(range, [28100], [28101, 28102]), Is.EqualTo(28103));
            Assert.That(Assert.Throws<BuildFailedException>(() => PortAllocator.Choose(range, [28100, 28101, 28102, 28103]))!.Message,
                Does.Contain("SLIPWAY_<ENV>_APP_PORTS"));
        });
    }
}
