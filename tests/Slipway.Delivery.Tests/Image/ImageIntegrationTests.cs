using System.Text.Json;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Tests.Database;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Image;

/// <summary>
/// The root Dockerfile built once through <see cref="ImageBuilder"/> on the real engine (base images pointed at the
/// stand-ins), then run, pushed to the local registry and pulled back by digest.
/// </summary>
[NonParallelizable]
public class ImageIntegrationTests
{
    private const string Version = "1.2.3-image.7";
    private const int AppUid = 1654;
    private static readonly TimeSpan HealthyDeadline = TimeSpan.FromSeconds(60);

    private readonly List<string> containers = [];
    private readonly List<string> images = [];
    private readonly List<string> volumes = [];
    private DockerEngine engine = null!;
    private string artifacts = null!;
    private string commit = null!;
    private ImageRecord built = null!;

    [OneTimeSetUp]
    public async Task BuildTheImageOnce()
    {
        engine = await DockerTestEnvironment.ConnectAsync();
        artifacts = Directory.CreateTempSubdirectory("slipway-image-").FullName;
        commit = DockerTestEnvironment.RandomCommit();
        built = await new ImageBuilder(engine).BuildAsync(new ImageBuildRequest
        {
            RepositoryRoot = DockerTestEnvironment.RepositoryRoot(),
            Repository = $"slipway-tests/catalog-api-{commit[..8]}",
            Title = "Catalog.Api",
            Version = Version,
            InformationalVersion = $"{Version}+sha.{commit[..7]}",
            Commit = commit,
            Branch = "feature/Image Tests!",
            IsRelease = true,
            SourceUrl = "https://github.com/acme/slipway",
            BuildArguments = StandInImages.DockerfileBaseImages,
            Network = "host",
            ArtifactsDirectory = artifacts,
        });
        images.AddRange(built.References);
    }

    [OneTimeTearDown]
    public async Task RemoveWhatTheTestsMade()
    {
        if (containers.Count > 0)
        {
            await engine.TryRunAsync(engine.Cli.RemoveContainers([.. containers]));
        }

        if (volumes.Count > 0)
        {
            await engine.TryRunAsync(engine.Cli.RemoveVolumes([.. volumes]));
        }

        if (images.Count > 0)
        {
            await engine.TryRunAsync(engine.Images.Remove(true, [.. images]));
        }

        Directory.Delete(artifacts, recursive: true);
    }

    [Test]
    public async Task Build_TagsTheImageWithShaBranchAndVersion_AndRecordsIt()
    {
        var record = await ImageRecordFile.ReadAsync(Path.Combine(artifacts, "image.json"));

        Assert.That(record.Tags, Is.EqualTo(new[] { $"sha-{commit[..7]}", "feature-Image-Tests-", Version }));
        Assert.That(record.ImageId, Does.Match("^sha256:[0-9a-f]{64}$"));
        foreach (var reference in record.References)
        {
            var id = await engine.RunAsync(engine.Images.Inspect(reference, "{{.Id}}"));
            Assert.That(id.StandardOutput.Trim(), Is.EqualTo(record.ImageId), reference);
        }
    }

    [Test]
    public async Task Image_CarriesTheOciLabels()
    {
        var labels = await LabelsAsync(built.References[0]);

        Assert.That(labels[ImageLabels.Version], Is.EqualTo(Version));
        Assert.That(labels[ImageLabels.Revision], Is.EqualTo(commit));
        Assert.That(labels[ImageLabels.Title], Is.EqualTo("Catalog.Api"));
        Assert.That(labels[ImageLabels.Source], Is.EqualTo("https://github.com/acme/slipway"));
        Assert.That(DateTimeOffset.Parse(labels[ImageLabels.Created], System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task Container_RunsReadOnlyAsTheAppUser_BecomesHealthy_AndServesTheLabelledVersion()
    {
        var port = DockerTestEnvironment.FreePort();
        var name = $"slipway-image-test-{commit[..8]}";
        var data = $"{name}-data";
        containers.Add(name);
        volumes.Add(data);
        var settings = new DockerRunSettings
        {
            Image = built.References[0],
            Network = "host",
            ReadOnly = true,
            Tmpfs = ["/tmp"],
            Volumes = [$"{data}:/app/data"],
            Environment = new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

        // As a deploy does: migrations once, by the image's own command, then the service (ready only when migrated).
        // Named, so teardown removes it even if the command hangs and the CLI is stopped by the timeout.
        containers.Add($"{name}-migrate");
        var migrate = settings with { Name = $"{name}-migrate", Detach = false, RemoveWhenStopped = true, Command = ["migrate"] };
        await engine.RunAsync(engine.Cli.Run(migrate) with { Timeout = TimeSpan.FromMinutes(2) });
        await engine.RunAsync(engine.Cli.Run(settings with { Name = name, HealthInterval = TimeSpan.FromSeconds(1) }));

        await WaitUntilHealthyAsync(name);

        using var http = new HttpClient();
        using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/status")));
        var version = status.RootElement.EnumerateObject()
            .FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.That(version.ValueKind, Is.EqualTo(JsonValueKind.String), $"/status has no version: {status.RootElement}");
        // /status reports the informational version (SemVer + build metadata); SemVer ignores metadata for identity.
        Assert.That(version.GetString()!.Split('+')[0], Is.EqualTo((await LabelsAsync(built.References[0]))[ImageLabels.Version]));

        var processes = await engine.RunAsync(engine.Cli.Top(name, "uid,pid,comm"));
        var uids = processes.OutputLines.Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
        Assert.That(uids, Is.Not.Empty.And.All.EqualTo(AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.That((await engine.TryRunAsync(engine.Cli.Exec(name, "touch", "/app/data/probe"))).Succeeded, Is.True, "/app/data must be writable");
        Assert.That((await engine.TryRunAsync(engine.Cli.Exec(name, "touch", "/app/probe"))).Succeeded, Is.False, "/app must be read-only");
    }

    [Test]
    public async Task Container_BacksUpPostgres_WithTheImagesOwnPgDump_AndReadsItBackWithItsPgRestore()
    {
        var database = PostgresTestServer.NewDatabaseName("slipway_image");
        var name = $"slipway-image-pg-{commit[..8]}";
        // A host folder, so the test reads the backup with the machine's own pg_restore; the app user must write to it.
        var data = Directory.CreateTempSubdirectory("slipway-image-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, (UnixFileMode)0x1FF);
        }

        var settings = new DockerRunSettings
        {
            Image = built.References[0],
            Network = "host",
            ReadOnly = true,
            Tmpfs = ["/tmp"],
            Volumes = [$"{data}:/app/data"],
            Environment = new Dictionary<string, string> { ["DATABASE_URL"] = PostgresTestServer.DatabaseUrl(database) },
            Detach = false,
            RemoveWhenStopped = true,
        };
        containers.Add($"{name}-migrate");
        containers.Add($"{name}-backup");
        try
        {
            // migrate creates the database (the role may CREATEDB) and applies every migration; backup then needs pg_dump.
            await engine.RunAsync(engine.Cli.Run(settings with { Name = $"{name}-migrate", Command = ["migrate"] }) with { Timeout = TimeSpan.FromMinutes(2) });
            var backup = await engine.TryRunAsync(
                engine.Cli.Run(settings with { Name = $"{name}-backup", Command = ["backup", "--to", "/app/data/backups/before.dump"] }) with { Timeout = TimeSpan.FromMinutes(2) });

            Assert.That(backup.Succeeded, Is.True, backup.StandardError + backup.StandardOutput);
            // The backup command reads its file back with the image's own pg_restore before it succeeds.
            Assert.That(backup.StandardOutput + backup.StandardError, Does.Contain("Verified the backup /app/data/backups/before.dump"));
            var listing = await HostPgRestoreListAsync(Path.Combine(data, "backups", "before.dump"));
            Assert.That(listing, Does.Contain("Format: CUSTOM").And.Contain("TABLE DATA public __EFMigrationsHistory"));
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(database);
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    public async Task Push_RecordsTheRegistryDigest_AndPullingByDigestGivesTheLabelledImage()
    {
        using var registry = new RegistryClient();
        var recordPath = Path.Combine(artifacts, "image.json");

        var pushed = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest { RecordPath = recordPath });

        Assert.That(pushed.Digest, Does.Match("^sha256:[0-9a-f]{64}$"));
        Assert.That(pushed.DigestReference, Is.EqualTo($"{built.Registry}/{built.Repository}@{pushed.Digest}"));
        Assert.That((await ImageRecordFile.ReadAsync(recordPath)).Digest, Is.EqualTo(pushed.Digest));

        // skopeo reads the registry independently of the Docker engine.
        var inspect = new ToolInvocation("skopeo", "inspect", "--tls-verify=false", $"docker://{built.References[2]}") { LogOutput = false };
        var inspected = await ToolRunner.RunAsync(inspect);
        using var manifest = JsonDocument.Parse(inspected.EnsureSuccess().StandardOutput);
        Assert.That(manifest.RootElement.GetProperty("Digest").GetString(), Is.EqualTo(pushed.Digest));
        Assert.That(manifest.RootElement.GetProperty("Labels").GetProperty(ImageLabels.Revision).GetString(), Is.EqualTo(commit));

        images.Add(pushed.DigestReference!);
        await engine.RunAsync(engine.Images.Pull(pushed.DigestReference!));
        var labels = await LabelsAsync(pushed.DigestReference!);
        Assert.That(labels[ImageLabels.Version], Is.EqualTo(Version));
        Assert.That(labels[ImageLabels.Revision], Is.EqualTo(commit));
    }

    private async Task<Dictionary<string, string>> LabelsAsync(string reference)
    {
        var result = await engine.RunAsync(engine.Images.Inspect(reference, "{{json .Config.Labels}}"));
        return JsonSerializer.Deserialize<Dictionary<string, string>>(result.StandardOutput)!;
    }

    private async Task WaitUntilHealthyAsync(string container)
    {
        var deadline = DateTime.UtcNow + HealthyDeadline;
        string state;
        do
        {
            await Task.Delay(500);
            state = (await engine.RunAsync(engine.Cli.InspectContainer(container, "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}")))
                .StandardOutput.Trim();
            if (state == "running healthy")
            {
                return;
            }
        }
        while (state.StartsWith("running", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        var health = await engine.TryRunAsync(engine.Cli.InspectContainer(container, "{{json .State.Health}}"));
        var logs = await engine.TryRunAsync(engine.Cli.Logs(container));
        Assert.Fail($"Container {container} never reported healthy (last state '{state}'); its HEALTHCHECK is " +
            $"'/app/Catalog.Api healthcheck' (GET /health/ready on ASPNETCORE_HTTP_PORTS, exit 0 on 200).\n" +
            $"Health: {Tail(health.StandardOutput, 1500)}\nLogs:\n{Tail(logs.StandardOutput + logs.StandardError, 1500)}");
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "..." + text[^length..];

    private static async Task<string> HostPgRestoreListAsync(string file)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo("pg_restore") { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("--list");
        startInfo.ArgumentList.Add(file);
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "pg_restore --list on the host: " + await errors);
        return output;
    }
}
