using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Docker;

public class DockerCliTests
{
    private static readonly DockerClient Buildx = new("/usr/bin/docker", new Version(27, 3, 1), DockerBuilderKind.Buildx);
    private static readonly DockerClient Classic = new("/usr/bin/docker", new Version(20, 10, 24), DockerBuilderKind.ClassicBuildKit);

    private static DockerBuildSettings Settings() => new()
    {
        ContextDirectory = "/src",
        Dockerfile = "/src/Dockerfile",
        Tags = ["localhost:5000/catalog-api:sha-1a2b3c4", "localhost:5000/catalog-api:main"],
        Labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = "1.4.0", ["org.opencontainers.image.title"] = "catalog-api" },
        BuildArguments = new Dictionary<string, string> { ["VERSION"] = "1.4.0" },
        Network = "host",
        ImageIdFile = "/tmp/iid",
    };

    [Test]
    public void BuildxBuild_LoadsASinglePlatformImageWithEveryOption()
    {
        var invocation = new ImageCommands(new DockerCli(Buildx)).Build(Settings() with
        {
            Platforms = ["linux/amd64"],
            CacheFrom = ["type=registry,ref=localhost:5000/catalog-api:buildcache"],
            CacheTo = ["type=registry,ref=localhost:5000/catalog-api:buildcache,mode=max"],
        });

        Assert.That(invocation.FileName, Is.EqualTo("/usr/bin/docker"));
        Assert.That(invocation.Arguments, Is.EqualTo(new[]
        {
            "buildx", "build", "--progress", "plain", "--file", "/src/Dockerfile", "--platform", "linux/amd64",
            "--tag", "localhost:5000/catalog-api:sha-1a2b3c4", "--tag", "localhost:5000/catalog-api:main",
            "--label", "org.opencontainers.image.title=catalog-api", "--label", "org.opencontainers.image.version=1.4.0",
            "--cache-from", "type=registry,ref=localhost:5000/catalog-api:buildcache",
            "--cache-to", "type=registry,ref=localhost:5000/catalog-api:buildcache,mode=max",
            "--build-arg", "VERSION=1.4.0", "--network", "host", "--iidfile", "/tmp/iid", "--load", "/src",
        }));
        Assert.That(invocation.Environment.ContainsKey("DOCKER_BUILDKIT"), Is.False);
    }

    [Test]
    public void BuildxBuild_ForSeveralPlatforms_PushesInsteadOfLoading()
    {
        var invocation = new ImageCommands(new DockerCli(Buildx)).Build(Settings() with { Platforms = ["linux/amd64", "linux/arm64"], Push = true });

        Assert.That(invocation.Arguments, Does.Contain("--push").And.Not.Contain("--load"));
        Assert.That(invocation.Arguments, Is.SupersetOf(new[] { "--platform", "linux/amd64,linux/arm64" }));
    }

    [Test]
    public void ClassicBuild_SelectsBuildKitByEnvironment_AndTranslatesCacheOptions()
    {
        var invocation = new ImageCommands(new DockerCli(Classic)).Build(Settings() with
        {
            CacheFrom = ["type=registry,ref=localhost:5000/catalog-api:main"],
            CacheTo = ["type=inline"],
        });

        Assert.That(invocation.Environment["DOCKER_BUILDKIT"], Is.EqualTo("1"));
        Assert.That(invocation.Arguments.Take(3), Is.EqualTo(new[] { "build", "--progress", "plain" }));
        Assert.That(invocation.Arguments, Is.SupersetOf(new[] { "--cache-from", "localhost:5000/catalog-api:main" }));
        Assert.That(invocation.Arguments, Is.SupersetOf(new[] { "--build-arg", "BUILDKIT_INLINE_CACHE=1" }));
        Assert.That(invocation.Arguments, Has.None.EqualTo("--cache-to").And.None.EqualTo("--load"));
        Assert.That(invocation.Arguments[^1], Is.EqualTo("/src"));
    }

    [Test]
    public void ClassicBuild_RefusesWhatOnlyBuildxCanDo()
    {
        var cli = new ImageCommands(new DockerCli(Classic));

        Assert.Throws<ArgumentException>(() => cli.Build(Settings() with { Platforms = ["linux/amd64", "linux/arm64"] }));
        Assert.Throws<ArgumentException>(() => cli.Build(Settings() with { Push = true }));
        Assert.Throws<ArgumentException>(() => cli.Build(Settings() with { CacheTo = ["type=local,dest=/cache"] }));
    }

    [Test]
    public void Login_SendsThePasswordOnStandardInput_AndNeverShowsIt()
    {
        var invocation = new ImageCommands(new DockerCli(Classic)).Login("registry.example.com", "ci-bot", "pa55-w0rd-xyz");

        Assert.That(invocation.Arguments, Is.EqualTo(new[] { "login", "--username", "ci-bot", "--password-stdin", "registry.example.com" }));
        Assert.That(invocation.StandardInput, Is.EqualTo("pa55-w0rd-xyz"));
        Assert.That(invocation.Secrets, Does.Contain("pa55-w0rd-xyz"));
        Assert.That(invocation.Render(), Does.Not.Contain("pa55-w0rd-xyz"));
    }

    [Test]
    public void EveryCommand_CarriesTheChosenDockerHostAndConfig()
    {
        var cli = new DockerCli(Classic, DockerEndpoint.Parse("ssh://deploy@web1"), dockerConfig: "/tmp/docker-config");
        var images = new ImageCommands(cli);

        foreach (var invocation in new ToolInvocation[] { cli.ServerVersion(), images.Push("a/b:c"), images.Build(Settings()) })
        {
            Assert.That(invocation.Environment["DOCKER_HOST"], Is.EqualTo("ssh://deploy@web1"));
            Assert.That(invocation.Environment["DOCKER_CONFIG"], Is.EqualTo("/tmp/docker-config"));
        }
    }

    [Test]
    public void AForwardedSocket_IsWhereCommandsGo_AndTheEndpointStaysTheEngine()
    {
        var cli = new DockerCli(Classic, DockerEndpoint.Parse("ssh://deploy@web1"), dockerConfig: "/tmp/docker-config")
            .WithForwardedHost("unix:///tmp/slipway-ssh-x/docker.sock");

        var invocation = cli.Exec("edge", "true");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Arguments.Take(3), Is.EqualTo(new[] { "--host", "unix:///tmp/slipway-ssh-x/docker.sock", "exec" }));
            Assert.That(invocation.Environment["DOCKER_HOST"], Is.EqualTo("unix:///tmp/slipway-ssh-x/docker.sock"));
            Assert.That(cli.WithConfig("/tmp/other").Query("ps").Arguments.Take(2), Is.EqualTo(new[] { "--host", "unix:///tmp/slipway-ssh-x/docker.sock" }));
            Assert.That(cli.Endpoint.Host, Is.EqualTo("ssh://deploy@web1"));
            Assert.That(cli.WithoutForward(invocation).Arguments.Take(3), Is.EqualTo(new[] { "--host", "ssh://deploy@web1", "exec" }));
            Assert.That(cli.WithoutForward(invocation).Environment["DOCKER_HOST"], Is.EqualTo("ssh://deploy@web1"));
            Assert.That(cli.WithoutForward(invocation).Environment["DOCKER_CONFIG"], Is.EqualTo("/tmp/docker-config"));
        });
    }

    [Test]
    public void Run_ReadOnlyOnHostNetwork()
    {
        var invocation = new DockerCli(Classic).Run(new DockerRunSettings
        {
            Image = "localhost:5000/catalog-api@sha256:abc",
            Name = "catalog-blue",
            Network = "host",
            ReadOnly = true,
            Tmpfs = ["/tmp"],
            Volumes = ["catalog-data:/app/data"],
            Environment = new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = "18080" },
            HealthInterval = TimeSpan.FromMilliseconds(500),
        });

        Assert.That(invocation.Arguments, Is.EqualTo(new[]
        {
            "run", "--detach", "--name", "catalog-blue", "--network", "host", "--read-only", "--tmpfs", "/tmp",
            "--volume", "catalog-data:/app/data", "--env", "ASPNETCORE_HTTP_PORTS=18080", "--health-interval", "1s",
            "localhost:5000/catalog-api@sha256:abc",
        }));
    }

    [Test]
    public void Run_AOneOffCommandInTheForeground()
    {
        var invocation = new DockerCli(Classic).Run(new DockerRunSettings
        {
            Image = "catalog-api:main",
            Detach = false,
            RemoveWhenStopped = true,
            Volumes = ["catalog-data:/app/data"],
            Command = ["migrate"],
        });

        Assert.That(invocation.Arguments, Is.EqualTo(new[] { "run", "--rm", "--volume", "catalog-data:/app/data", "catalog-api:main", "migrate" }));
    }

    [Test]
    public void Queries_KeepTheirOutputOutOfTheLog_TransfersShowIt()
    {
        var cli = new DockerCli(Classic);
        var images = new ImageCommands(cli);

        Assert.That(images.Inspect("x", "{{.Id}}").LogOutput, Is.False);
        Assert.That(cli.ServerVersion().LogOutput, Is.False);
        Assert.That(images.Push("x").LogOutput, Is.True);
        Assert.That(images.Build(Settings()).LogOutput, Is.True);
    }
}
