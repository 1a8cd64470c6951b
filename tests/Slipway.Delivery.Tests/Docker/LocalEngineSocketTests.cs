using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>
/// The local engine's socket, taken only when the settings leave no doubt which engine the CLI would use, and its
/// version asked over it: the same answer as the CLI's, on this machine's real engine.
/// </summary>
public class LocalEngineSocketTests
{
    [TestCase(null, null, null, null, "/var/run/docker.sock")]
    [TestCase(null, null, null, "default", "/var/run/docker.sock")]
    [TestCase(null, "unix:///run/docker-h1.sock", null, "remote", "/run/docker-h1.sock")]
    [TestCase("unix:///run/other.sock", "tcp://10.0.0.1:2375", null, null, "/run/other.sock")]
    [TestCase(null, null, null, "remote", null)]
    [TestCase(null, null, "remote", null, null)]
    [TestCase(null, null, null, "", null)]
    [TestCase(null, "tcp://127.0.0.1:2375", null, null, null)]
    [TestCase(null, "ssh://deploy@app1", null, null, null)]
    [TestCase("ssh://deploy@app1", null, null, null, null)]
    [TestCase("remote", null, null, null, null)]
    [TestCase("default", null, null, null, null)]
    public void The_socket_is_named_only_when_the_CLI_could_choose_no_other_engine(
        string? endpoint, string? dockerHost, string? dockerContext, string? currentContext, string? expected) =>
        Assert.That(LocalEngineSocket.Resolve(DockerEndpoint.Parse(endpoint), dockerHost, dockerContext, currentContext), Is.EqualTo(expected));

    [Test]
    public void The_current_context_comes_from_the_CLI_config_and_an_unreadable_config_assumes_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-docker-config-");
        try
        {
            var config = Path.Combine(directory.FullName, "config.json");
            Assert.That(LocalEngineSocket.CurrentContext(directory.FullName), Is.Null, "no config: the default context");
            File.WriteAllText(config, """{"auths":{},"currentContext":"prod-box"}""");
            Assert.That(LocalEngineSocket.CurrentContext(directory.FullName), Is.EqualTo("prod-box"));
            File.WriteAllText(config, """{"auths":{}}""");
            Assert.That(LocalEngineSocket.CurrentContext(directory.FullName), Is.Null);
            File.WriteAllText(config, "{ not json");
            Assert.That(LocalEngineSocket.CurrentContext(directory.FullName), Is.EqualTo(string.Empty));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestCase("HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\nOstype: linux\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\nContent-Length: 2\r\n\r\nOK", "20.10.24+dfsg1")]
    [TestCase("HTTP/1.1 200 OK\r\nserver: Docker/28.5.1 (linux)\r\n\r\nOK", "28.5.1")]
    [TestCase("HTTP/1.0 500 Internal Server Error\r\nServer: Docker/28.5.1 (linux)\r\n\r\n{\"message\":\"boom\"}", null)]
    [TestCase("HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\nOK", null)]
    [TestCase("HTTP/1.0 200 OK\r\nServer: nginx/1.25\r\n\r\nOK", null)]
    [TestCase("garbage", null)]
    public void The_version_is_read_only_from_a_200_answer_that_names_it(string response, string? expected) =>
        Assert.That(LocalEngineSocket.ParseVersion(response), Is.EqualTo(expected));

    [Test]
    public async Task The_real_engine_answers_on_its_socket_with_the_version_the_CLI_reports()
    {
        var viaCli = await ToolRunner.RunAsync(new ToolInvocation("docker", "version", "--format", "{{.Server.Version}}"));
        Assert.That(viaCli.Succeeded, Is.True, "the engine must run for this test: " + viaCli.StandardError);

        var viaSocket = await LocalEngineSocket.TryVersionAsync("/var/run/docker.sock");

        Assert.That(viaSocket, Is.EqualTo(viaCli.StandardOutput.Trim()));
    }

    [Test]
    public async Task A_socket_that_is_missing_or_not_an_engine_gives_no_version()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-socket-");
        try
        {
            Assert.That(await LocalEngineSocket.TryVersionAsync(Path.Combine(directory.FullName, "missing.sock")), Is.Null);

            // A listener that accepts and closes without an answer, as a dead or foreign service would.
            var path = Path.Combine(directory.FullName, "mute.sock");
            using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            listener.Listen();
            var closing = Task.Run(async () =>
            {
                using var accepted = await listener.AcceptAsync();
                accepted.Shutdown(System.Net.Sockets.SocketShutdown.Both);
            });
            Assert.That(await LocalEngineSocket.TryVersionAsync(path), Is.Null);
            await closing;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_deploy_on_the_local_engine_connects_without_starting_the_CLI_and_a_build_still_asks_it()
    {
        // A CLI that refuses the version question and passes everything else on to the client that can build: only the
        // socket can answer the question.
        var builder = (await DockerClientLocator.LocateAsync()).Executable;
        var directory = Directory.CreateTempSubdirectory("slipway-cli-");
        try
        {
            var cli = Path.Combine(directory.FullName, "docker");
            File.WriteAllText(cli, "#!/bin/sh\ncase \" $* \" in *' buildx version '*) ;; *' version '*) echo 'version refused by the test' >&2; exit 1 ;; esac\nexec " + builder + " \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await using var engine = await DockerEngine.ConnectAsync(DockerEndpoint.Parse("unix:///var/run/docker.sock"), dockerExecutable: cli, forBuilds: false);
            var ps = await engine.RunAsync(new ToolInvocation(cli, "--host", "unix:///var/run/docker.sock", "ps", "--quiet"));
            var viaCli = await ToolRunner.RunAsync(new ToolInvocation("docker", "version", "--format", "{{.Server.Version}}"));
            var forBuilds = Assert.ThrowsAsync<Slipway.Engine.BuildFailedException>(() => DockerEngine.ConnectAsync(DockerEndpoint.Parse("unix:///var/run/docker.sock"), dockerExecutable: cli));
            var noSocket = Assert.ThrowsAsync<Slipway.Engine.BuildFailedException>(() => DockerEngine.ConnectAsync(DockerEndpoint.Parse("unix://" + Path.Combine(directory.FullName, "none.sock")), dockerExecutable: cli, forBuilds: false));

            Assert.Multiple(() =>
            {
                Assert.That(engine.ServerVersion, Is.EqualTo(viaCli.StandardOutput.Trim()));
                Assert.That(ps.Succeeded, Is.True, "the engine's commands still go through its CLI");
                Assert.That(forBuilds!.Message, Does.Contain("version refused by the test"), "a build's connect asks the CLI");
                Assert.That(noSocket!.Message, Does.Contain("No Docker engine answers"), "no socket: the CLI's answer and message, as before");
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
