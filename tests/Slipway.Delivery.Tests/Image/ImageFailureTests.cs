using System.Diagnostics;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Image;

/// <summary>Bad situations on real components: no engine, a failing build, an unreachable registry, refused credentials.</summary>
[NonParallelizable]
public class ImageFailureTests
{
    // bcrypt of Password, for the htpasswd file of the registry that demands a login.
    private const string Username = "slipway";
    private const string Password = "correct-horse-battery";
    private const string PasswordHash = "$2b$12$.4GUKW6efBoANPGqkwujneDAxbjYQ1E8agYHWFpNQwY0VKyaTXZ92";
    private static readonly PushRetryOptions FastRetry = new() { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(50) };

    private readonly List<string> images = [];
    private DockerEngine engine = null!;
    private string workspace = null!;
    private string tinyImage = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        workspace = Directory.CreateTempSubdirectory("slipway-image-failures-").FullName;
        // A private DOCKER_CONFIG keeps test logins out of the machine's own.
        engine = await DockerTestEnvironment.ConnectAsync(dockerConfig: Path.Combine(workspace, "docker-config"));

        // A one-file image: pushes to a fresh registry move a few bytes, not a runtime.
        var context = Directory.CreateDirectory(Path.Combine(workspace, "tiny")).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /\n");
        await File.WriteAllTextAsync(Path.Combine(context, "hello.txt"), Guid.NewGuid().ToString());
        tinyImage = $"slipway-tests/tiny:{Guid.NewGuid():N}";
        images.Add(tinyImage);
        await engine.RunAsync(engine.Images.Build(new DockerBuildSettings { ContextDirectory = context, Tags = [tinyImage] }));
    }

    [OneTimeTearDown]
    public async Task Clean()
    {
        if (images.Count > 0)
        {
            await engine.TryRunAsync(engine.Images.Remove(true, [.. images]));
        }

        Directory.Delete(workspace, recursive: true);
    }

    [Test]
    public async Task NoEngine_FailsWithExitCode1_NamingDockerHostAndHowToStartOne()
    {
        var socket = $"unix://{workspace}/no-engine.sock";

        var exception = Assert.ThrowsAsync<BuildFailedException>(() => DockerEngine.ConnectAsync(DockerEndpoint.Parse(socket)));

        TestContext.Out.WriteLine(exception!.Message);
        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(exception.Message, Does.Contain($"DOCKER_HOST={socket}").And.Contain("provision-docker.sh").And.Contain("systemctl start docker"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task AFailingBuild_LeavesNoTagAndNoRecord()
    {
        var context = Directory.CreateDirectory(Path.Combine(workspace, "broken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM {StandInImages.AspNet}\nUSER root\nRUN exit 3\n");
        var commit = DockerTestEnvironment.RandomCommit();
        var request = new ImageBuildRequest
        {
            RepositoryRoot = context,
            Repository = $"slipway-tests/broken-{commit[..8]}",
            Version = "0.1.0",
            Commit = commit,
            Branch = "main",
            Network = "host",
        };
        var references = ImageBuilder.Plan(request, engine.Client).References;
        images.AddRange(references);

        Assert.ThrowsAsync<ToolException>(() => new ImageBuilder(engine).BuildAsync(request));

        foreach (var reference in references)
        {
            Assert.That((await engine.TryRunAsync(engine.Images.Inspect(reference, "{{.Id}}"))).Succeeded, Is.False, reference);
        }

        Assert.That(File.Exists(Path.Combine(context, "artifacts", "image.json")), Is.False);
    }

    [Test]
    public async Task AnUnreachableRegistry_IsRetried_ThenNamesTheRegistryTheTagAndTheMissingAnswer()
    {
        var registry = $"127.0.0.1:{DockerTestEnvironment.FreePort()}";
        var record = await TaggedRecordAsync(registry, "unreachable");
        TestLog.Clear();
        using var client = new RegistryClient(TimeSpan.FromSeconds(5));

        var exception = Assert.ThrowsAsync<BuildFailedException>(() =>
            new ImagePusher(engine, client).PushAsync(new ImagePushRequest { RecordPath = record.Path, Retry = FastRetry }));

        TestContext.Out.WriteLine(exception!.Message);
        Assert.That(exception.Message, Does.Contain($"registry {registry}").And.Contain(record.Reference)
            .And.Contain("after 3 tries").And.Contain("no HTTP answer"));
        Assert.That(TestLog.Messages.Count(m => m.StartsWith("Registry error, try", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(TestLog.Messages.Count(m => m.StartsWith("> ", StringComparison.Ordinal) && m.Contains($"{engine.Client.Executable} push {record.Reference}", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public async Task RefusedCredentials_NameTheRegistryTheTagAndHttp401_WithoutShowingThePassword()
    {
        using var registry = await AuthenticatingRegistry.StartAsync(workspace, Username, PasswordHash);
        var record = await TaggedRecordAsync(registry.Address, "refused");
        using var client = new RegistryClient();
        const string wrongPassword = "not-the-right-one";

        var exception = Assert.ThrowsAsync<BuildFailedException>(() => new ImagePusher(engine, client).PushAsync(new ImagePushRequest
        {
            RecordPath = record.Path,
            Credentials = new RegistryCredentials(Username, wrongPassword),
            Retry = FastRetry,
        }));

        TestContext.Out.WriteLine(exception!.Message);
        Assert.That(exception.Message, Does.Contain($"registry {registry.Address}").And.Contain(record.Reference).And.Contain("HTTP 401"));
        Assert.That(exception.Message, Does.Not.Contain(wrongPassword));
        Assert.That(TestLog.Messages, Has.None.Contains(wrongPassword));
    }

    [Test]
    public async Task RightCredentials_PushAndReadTheDigestBackThroughBasicAuth()
    {
        using var registry = await AuthenticatingRegistry.StartAsync(workspace, Username, PasswordHash);
        var record = await TaggedRecordAsync(registry.Address, "accepted");
        using var client = new RegistryClient();
        var credentials = new RegistryCredentials(Username, Password);

        var pushed = await new ImagePusher(engine, client).PushAsync(new ImagePushRequest { RecordPath = record.Path, Credentials = credentials });

        Assert.That(pushed.Digest, Does.Match("^sha256:[0-9a-f]{64}$"));
        var anonymous = await client.GetManifestDigestAsync(new ImageName(registry.Address, pushed.Repository), pushed.Tags[0], credentials: null);
        Assert.That(anonymous.StatusCode, Is.EqualTo(401), "the registry must really demand a login");
        Assert.That(TestLog.Messages, Has.None.Contains(Password));
    }

    [Test]
    public async Task A_login_for_the_push_never_reaches_the_users_docker_config_and_leaves_nothing_behind()
    {
        // The engine's DOCKER_CONFIG stands for the user's own (~/.docker) here.
        var userConfig = engine.Cli.DockerConfig!;
        using var registry = await AuthenticatingRegistry.StartAsync(workspace, Username, PasswordHash);
        var record = await TaggedRecordAsync(registry.Address, "private-login");
        using var client = new RegistryClient();
        var before = PrivateConfigs();

        await new ImagePusher(engine, client).PushAsync(new ImagePushRequest { RecordPath = record.Path, Credentials = new RegistryCredentials(Username, Password) });

        var userFile = Path.Combine(userConfig, "config.json");
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(userFile) ? File.ReadAllText(userFile) : string.Empty, Does.Not.Contain(registry.Address), "issue 21, finding 10: the login persisted");
            Assert.That(PrivateConfigs().Except(before), Is.Empty, "the push's private DOCKER_CONFIG is removed afterwards");
        });
    }

    private static string[] PrivateConfigs() => Directory.GetDirectories(Path.GetTempPath(), "slipway-docker-config-*");

    /// <summary>Tags the tiny image for the registry and writes the record DockerBuild would have written.</summary>
    private async Task<(string Path, string Reference)> TaggedRecordAsync(string registry, string purpose)
    {
        var commit = DockerTestEnvironment.RandomCommit();
        var name = new ImageName(registry, $"slipway-tests/{purpose}-{commit[..8]}");
        var tag = ImageTags.ShaTag(commit);
        var reference = name.WithTag(tag);
        images.Add(reference);
        await engine.RunAsync(engine.Images.Tag(tinyImage, reference));
        var imageId = (await engine.RunAsync(engine.Images.Inspect(reference, "{{.Id}}"))).StandardOutput.Trim();
        var path = Path.Combine(workspace, purpose, "image.json");
        await ImageRecordFile.WriteAsync(path, new ImageRecord
        {
            Registry = name.Registry,
            Repository = name.Repository,
            Tags = [tag],
            References = [reference],
            ImageId = imageId,
            Version = "0.1.0",
            Revision = commit,
            Labels = new Dictionary<string, string>(),
        });
        return (path, reference);
    }

    /// <summary>A real docker-registry on a free loopback port that demands a login (htpasswd).</summary>
    private sealed class AuthenticatingRegistry : IDisposable
    {
        private readonly Process process;

        private AuthenticatingRegistry(Process process, string address)
        {
            this.process = process;
            Address = address;
        }

        public string Address { get; }

        public static async Task<AuthenticatingRegistry> StartAsync(string workspace, string username, string passwordHash)
        {
            var directory = Directory.CreateTempSubdirectory("registry-").FullName;
            var address = $"127.0.0.1:{DockerTestEnvironment.FreePort()}";
            await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), $"{username}:{passwordHash}\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "config.yml"), $"""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(workspace, "registry-" + Path.GetFileName(directory))}
                http:
                  addr: {address}
                auth:
                  htpasswd:
                    realm: slipway-tests
                    path: {Path.Combine(directory, "htpasswd")}
                """);
            var startInfo = new ProcessStartInfo("docker-registry", ["serve", Path.Combine(directory, "config.yml")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("docker-registry did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var registry = new AuthenticatingRegistry(process, address);
            using var http = new HttpClient();
            for (var attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://{address}/v2/"));
                    return registry;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            registry.Dispose();
            Assert.Fail($"docker-registry did not answer on {address} (apt-get install docker-registry, or run .ci/provision-docker.sh).");
            return null!;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
