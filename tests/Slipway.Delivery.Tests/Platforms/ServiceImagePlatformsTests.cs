using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Platforms;

/// <summary>
/// The root Dockerfile built for linux/amd64 and linux/arm64 on this machine's engine (no buildx) from the pinned
/// stand-ins, pushed as one index, and the arm64 image run by its recorded digest under QEMU (provision-platforms.sh
/// registers it): it starts and answers <c>/status</c>, and its PostgreSQL client is arm64 too.
/// </summary>
[NonParallelizable]
public class ServiceImagePlatformsTests
{
    private static readonly TimeSpan EmulatedStartDeadline = TimeSpan.FromSeconds(150);

    private readonly List<string> images = [];
    private DockerEngine engine = null!;
    private string artifacts = null!;
    private string? container;

    [OneTimeSetUp]
    public async Task Connect()
    {
        engine = await DockerTestEnvironment.ConnectAsync();
        artifacts = Directory.CreateTempSubdirectory("slipway-service-platforms-").FullName;
    }

    [OneTimeTearDown]
    public async Task RemoveWhatTheTestMade()
    {
        if (container is not null)
        {
            await engine.TryRunAsync(engine.Cli.RemoveContainers(container));
        }

        await engine.TryRunAsync(engine.Images.Remove(true, [.. images]));
        Directory.Delete(artifacts, recursive: true);
    }

    [Test]
    public async Task BothPlatforms_ArePublishedAsOneIndex_AndTheArm64ImageAnswersStatusUnderEmulation()
    {
        // A fixed commit and version keep the build arguments, so a warm machine's build cache serves both builds;
        // the repository name is this run's own.
        const string commit = "22a1b2c3d4e5f60718293a4b5c6d7e8f90123456";
        var run = Guid.NewGuid().ToString("N")[..8];
        var baseImages = await StandInImages.PinnedDockerfileBaseImagesAsync();
        Assert.That(baseImages["RUNTIME_IMAGE"], Does.Contain("@sha256:"), "provisioning publishes the ASP.NET stand-ins as one index");
        var built = await new ImageBuilder(engine).BuildAsync(new ImageBuildRequest
        {
            RepositoryRoot = DockerTestEnvironment.RepositoryRoot(),
            Repository = $"slipway-tests/platforms-service-{run}",
            Title = "Catalog.Api",
            Version = "3.1.0",
            Commit = commit,
            Branch = "main",
            Platforms = ["linux/amd64", "linux/arm64"],
            BuildArguments = baseImages,
            BaseImage = baseImages["RUNTIME_IMAGE"],
            SourceDateEpoch = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
            Network = "host",
            ArtifactsDirectory = artifacts,
        });
        images.AddRange(built.PlatformImages.Select(p => p.Reference!));
        using var registry = new RegistryClient();
        var pushed = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest { RecordPath = Path.Combine(artifacts, ImageRecordFile.FileName) });

        var index = await registry.FindManifestAsync(new ImageName(pushed.Registry, pushed.Repository), pushed.Digest!, credentials: null);
        Assert.That(OciImageIndex.ReadPlatforms(index!.Content).Select(p => p.Platform), Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        var arm64 = pushed.PlatformImages.Single(p => p.Platform == "linux/arm64");
        Assert.That(arm64.DigestReference, Does.Contain("@sha256:"));

        // Run by the recorded digest, as a deploy to an arm64 host would (pulled from the registry into this engine).
        await engine.RunAsync(engine.Images.Pull(arm64.DigestReference!));
        images.Add(arm64.DigestReference!);
        var port = DockerTestEnvironment.FreePort();
        container = $"slipway-platforms-arm64-{run}";
        await engine.RunAsync(engine.Cli.Command(
            "run", "--detach", "--name", container, "--platform", "linux/arm64", "--network", "host",
            "--env", $"ASPNETCORE_HTTP_PORTS={port}", arm64.DigestReference!));
        var status = await WaitForStatusAsync(port);
        Assert.That(status, Does.Contain("\"version\":\"3.1.0\"").And.Contain(commit));

        var architecture = await engine.RunAsync(engine.Images.Inspect(arm64.DigestReference!, "{{.Architecture}}"));
        Assert.That(architecture.StandardOutput.Trim(), Is.EqualTo("arm64"));
        var pgDump = await engine.RunAsync(engine.Cli.Exec(container, "/opt/postgresql/bin/pg_dump", "--version"));
        Assert.That(pgDump.StandardOutput, Does.Contain("PostgreSQL) 15"));
    }

    private async Task<string> WaitForStatusAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + EmulatedStartDeadline;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/status"));
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(500);
            }
        }

        var logs = await engine.TryRunAsync(engine.Cli.Logs(container!));
        Assert.Fail($"The arm64 image did not answer /status on port {port} within {EmulatedStartDeadline.TotalSeconds:0} s under emulation. Logs:\n{logs.StandardOutput}{logs.StandardError}");
        return string.Empty;
    }
}
