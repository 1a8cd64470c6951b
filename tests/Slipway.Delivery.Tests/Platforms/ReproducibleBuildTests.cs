using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Platforms;

/// <summary>
/// Two builds of one commit, each redoing every step (<c>--no-cache</c>, as on another machine), give one image id and
/// one registry digest once their times are pinned to the commit; without the pin the same two builds differ.
/// A small Dockerfile with the real one's shapes (a pinned base, a RUN stage, COPY from the context and from a stage)
/// stands in for the service image, whose no-cache build takes minutes.
/// </summary>
[NonParallelizable]
public class ReproducibleBuildTests
{
    private static readonly DateTimeOffset CommitTime = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private readonly List<string> images = [];
    private DockerEngine engine = null!;
    private string root = null!;
    private string baseImage = null!;

    [OneTimeSetUp]
    public async Task WriteTheSource()
    {
        engine = await DockerTestEnvironment.ConnectAsync();
        root = Directory.CreateTempSubdirectory("slipway-repro-").FullName;
        baseImage = (await StandInImages.PinnedDockerfileBaseImagesAsync())["PG_TOOLS_IMAGE"];
        Assert.That(baseImage, Does.Contain("@sha256:"), "provisioning pushes the stand-ins so builds can pin them by digest");
        await File.WriteAllTextAsync(Path.Combine(root, "Dockerfile"), """
            ARG BASE
            FROM ${BASE} AS build
            RUN mkdir -p /out/data && echo built > /out/app.txt && ln -s app.txt /out/link.txt
            FROM ${BASE}
            WORKDIR /app
            COPY source.txt .
            COPY --from=build /out/ /app/
            """);
        await File.WriteAllTextAsync(Path.Combine(root, "source.txt"), "the commit's file\n");
    }

    [OneTimeTearDown]
    public async Task RemoveWhatTheTestsMade()
    {
        await engine.TryRunAsync(engine.Images.Remove(true, [.. images]));
        Directory.Delete(root, recursive: true);
    }

    [Test]
    public async Task TwoNoCacheBuilds_PinnedToTheCommitTime_HaveOneImageIdAndOneDigest()
    {
        var first = await BuildAsync("first", pinned: true);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // file times are whole seconds: make sure the two builds' differ
        var second = await BuildAsync("second", pinned: true);

        Assert.That(second.ImageId, Is.EqualTo(first.ImageId));
        using var registry = new RegistryClient();
        var firstDigest = await PushAsync(first, registry);
        var secondDigest = await PushAsync(second, registry);
        Assert.That(secondDigest, Is.EqualTo(firstDigest));

        var created = await engine.RunAsync(engine.Images.Inspect(first.ImageId!, "{{.Created}} {{index .Config.Labels \"org.opencontainers.image.created\"}}"));
        Assert.That(created.StandardOutput.Trim(), Is.EqualTo("2026-11-20T09:30:00Z 2026-11-20T09:30:00Z"));
    }

    [Test]
    public async Task TwoNoCacheBuilds_NotPinned_Differ_SoThePinIsWhatMakesThemEqual()
    {
        var first = await BuildAsync("unpinned-first", pinned: false);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var second = await BuildAsync("unpinned-second", pinned: false);

        Assert.That(second.ImageId, Is.Not.EqualTo(first.ImageId));
    }

    private async Task<ImageRecord> BuildAsync(string branch, bool pinned)
    {
        var record = await new ImageBuilder(engine).BuildAsync(new ImageBuildRequest
        {
            RepositoryRoot = root,
            Repository = $"slipway-tests/reproducible-{Path.GetFileName(root).ToLowerInvariant()}",
            Version = "1.0.0",
            Commit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
            Branch = branch,
            BuildArguments = new Dictionary<string, string> { ["BASE"] = baseImage },
            Network = "host",
            NoCache = true,
            Created = CommitTime,
            SourceDateEpoch = pinned ? CommitTime : null,
            BaseImage = baseImage,
            ArtifactsDirectory = Path.Combine(root, "artifacts", branch),
        });
        images.AddRange(record.References);
        return record;
    }

    private async Task<string> PushAsync(ImageRecord record, RegistryClient registry)
    {
        var pushed = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest
        {
            RecordPath = Path.Combine(root, "artifacts", record.Tags[1], ImageRecordFile.FileName),
        });
        return pushed.Digest!;
    }
}
