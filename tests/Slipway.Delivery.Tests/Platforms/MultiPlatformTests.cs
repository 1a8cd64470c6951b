using System.Text.Json.Nodes;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Platforms;

/// <summary>
/// <c>DockerBuild Push --platforms linux/amd64,linux/arm64</c> on an engine without buildx (this machine's Docker
/// 20.10): one BuildKit build per platform, each pushed, and an OCI index naming both published through the registry
/// API. The Dockerfile needs no base image (<c>FROM scratch</c>) and no emulation, so the test is about the index.
/// </summary>
[NonParallelizable]
public class MultiPlatformTests
{
    private readonly List<string> images = [];
    private DockerEngine engine = null!;
    private string root = null!;

    [OneTimeSetUp]
    public async Task WriteTheSource()
    {
        engine = await DockerTestEnvironment.ConnectAsync();
        root = Directory.CreateTempSubdirectory("slipway-platforms-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "Dockerfile"), """
            FROM scratch
            ARG TARGETARCH
            COPY arch-${TARGETARCH}.txt /arch.txt
            """);
        await File.WriteAllTextAsync(Path.Combine(root, "arch-amd64.txt"), "amd64\n");
        await File.WriteAllTextAsync(Path.Combine(root, "arch-arm64.txt"), "arm64\n");
    }

    [OneTimeTearDown]
    public async Task RemoveWhatTheTestsMade()
    {
        await engine.TryRunAsync(engine.Images.Remove(true, [.. images]));
        Directory.Delete(root, recursive: true);
    }

    [Test]
    public async Task BuildAndPush_TwoPlatformsWithoutBuildx_PublishAnIndexListingBoth_AndRecordEachDigest()
    {
        Assert.That(engine.Client.HasBuildx, Is.False, "this test is about the path without buildx");
        var name = new ImageName(ImageName.DefaultRegistry, $"slipway-tests/platforms-{Path.GetFileName(root).ToLowerInvariant()}");
        var built = await new ImageBuilder(engine).BuildAsync(new ImageBuildRequest
        {
            RepositoryRoot = root,
            Repository = name.Repository,
            Version = "2.0.0",
            Commit = "f1e2d3c4b5a60718293a4b5c6d7e8f9012345678",
            Branch = "main",
            Platforms = ["linux/amd64", "linux/arm64"],
            Network = "host",
            SourceDateEpoch = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
        });
        images.AddRange(built.PlatformImages.Select(p => p.Reference!));

        Assert.That(built.ImageId, Is.Null);
        Assert.That(built.PlatformImages.Select(p => p.Reference),
            Is.EqualTo(new[] { name.WithTag("sha-f1e2d3c-linux-amd64"), name.WithTag("sha-f1e2d3c-linux-arm64") }));

        using var registry = new RegistryClient();
        var pushed = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest { RecordPath = Path.Combine(root, "artifacts", ImageRecordFile.FileName) });

        foreach (var tag in built.Tags)
        {
            var index = await registry.FindManifestAsync(name, tag, credentials: null);
            Assert.That(index!.MediaType, Is.EqualTo(OciImageIndex.MediaType), tag);
            Assert.That(index.Digest, Is.EqualTo(pushed.Digest), tag);
            Assert.That(OciImageIndex.ReadPlatforms(index.Content).Select(p => p.Platform), Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        }

        var recorded = await ImageRecordFile.ReadAsync(Path.Combine(root, "artifacts", ImageRecordFile.FileName));
        Assert.That(recorded.PlatformImages.Select(p => p.Digest), Is.All.Match("^sha256:[0-9a-f]{64}$"));
        foreach (var platform in recorded.PlatformImages)
        {
            // Each recorded digest is that platform's manifest, whose config names the architecture.
            var manifest = await registry.FindManifestAsync(name, platform.Digest!, credentials: null);
            var config = JsonNode.Parse(manifest!.Content)!["config"]!["digest"]!.GetValue<string>();
            var inspected = await engine.RunAsync(engine.Images.Inspect(platform.Reference!, "{{.Id}} {{.Architecture}}"));
            Assert.That(inspected.StandardOutput.Trim(), Is.EqualTo($"{config} {platform.Platform.Split('/')[1]}"));
        }
    }
}
