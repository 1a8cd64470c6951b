using System.Collections.Concurrent;
using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// Issue 13 §2: deploys and rollbacks over <c>ssh://</c> as a CI runner runs them — the sample build as a process, the
/// key given only as <c>DEPLOY_SSH_KEY</c> and the host key as <c>DEPLOY_KNOWN_HOSTS</c> — to a "server" with its own
/// address, engine and sshd that pulls the image by digest from the registry. Under wrk, through the server's edge.
/// </summary>
[NonParallelizable]
public class RemoteDeployTests
{
    private RemoteDockerHost host = null!;
    private IReadOnlyDictionary<string, string> images = null!;
    private DeployEnvironment environment = null!;
    private string root = null!;
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        images = await DeployTestImages.StandInsAsync();
        host = await RemoteDockerHost.StartAsync();
        root = Directory.CreateTempSubdirectory("slipway-remote-deploy-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        environment = new DeployEnvironment
        {
            Name = "r" + Guid.NewGuid().ToString("N")[..8],
            DockerHost = host.DockerHost,
            PublicEndpoint = new IPEndPoint(IPAddress.Parse(host.Address), 8081),
            AppPorts = new PortRange(28100, 12),
            HealthCheckInterval = TimeSpan.FromMilliseconds(250),
        };
        http = new HttpClient { BaseAddress = environment.Url, Timeout = TimeSpan.FromSeconds(10) };

        await RemoteBuildProcess.PrepareAsync(host, environment);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        http?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (root is not null)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    [Order(1)]
    public async Task Deploy_and_rollback_over_ssh_under_load_fail_no_request_and_the_key_is_in_no_command_line_or_output()
    {
        var keyLines = SshDeployKey.Parse(host.ClientKey.PrivateKey).BodyLines;
        var leaks = new ConcurrentBag<string>();

        var first = await RemoteBuildProcess.RunWatchingAsync(SampleBuildProcess.DeployStaging(root, environment, images["v1"]), host.Credentials, keyLines, leaks);
        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), RemoteBuildProcess.Tail(first));
        Assert.That(await ServedVersionAsync(), Is.EqualTo("1.0.0"));

        var wrk = new WrkLoad(environment.Url);
        await wrk.WaitUntilRunningAsync();
        var deploy = await RemoteBuildProcess.RunWatchingAsync(SampleBuildProcess.DeployStaging(root, environment, images["v2"]), host.Credentials, keyLines, leaks);
        var afterDeploy = await ServedVersionAsync();
        var rollback = await RemoteBuildProcess.RunWatchingAsync(SampleBuildProcess.Rollback(root, environment), host.Credentials, keyLines, leaks);
        var afterRollback = await ServedVersionAsync();
        var load = await wrk.StopAsync();
        var drafts = Directory.GetFiles(Path.Combine(root, "artifacts", "incidents"), environment.Name + "-*.md");
        await TestContext.Out.WriteLineAsync(load.Text + "\n--- deploy:\n" + RemoteBuildProcess.Tail(deploy) + "\n--- rollback:\n" + RemoteBuildProcess.Tail(rollback));

        Assert.Multiple(() =>
        {
            Assert.That(deploy.ExitCode, Is.EqualTo(ExitCodes.Success), RemoteBuildProcess.Tail(deploy));
            Assert.That(afterDeploy, Is.EqualTo("2.0.0"));
            Assert.That(rollback.ExitCode, Is.EqualTo(ExitCodes.Success), RemoteBuildProcess.Tail(rollback));
            Assert.That(afterRollback, Is.EqualTo("1.0.0"));
            Assert.That(drafts, Has.Length.EqualTo(1), "the manual rollback wrote its incident draft");
            Assert.That(drafts.Length == 1 ? File.ReadAllText(drafts[0]) : string.Empty,
                Does.StartWith($"# Incident draft: {environment.Name}, 2.0.0").And.Contain("| What happened | manual rollback").And.Contain("| Serving now | 1.0.0"),
                "from the log the rollback read over ssh");
            Assert.That(load.Requests, Is.GreaterThan(100), "the load ran");
            Assert.That(load.Non2xx, Is.Zero, "non-2xx responses under load");
            Assert.That(load.SocketErrors, Is.Zero, load.SocketErrorsByKind + " under load");
            Assert.That(deploy.StandardOutput + deploy.StandardError, Does.Contain("per-run agent"), "the deploy key was used, not some ssh setup of this machine");
            foreach (var output in new[] { first, deploy, rollback }.Select(r => r.StandardOutput + r.StandardError))
            {
                Assert.That(keyLines.Where(line => output.Contains(line, StringComparison.Ordinal)), Is.Empty, "a line of the key in the build output");
            }

            Assert.That(leaks, Is.Empty, "a line of the key on a process's command line");
        });
    }

    [Test]
    [Order(2)]
    public async Task A_key_the_server_refuses_stops_the_deploy_with_exit_2_and_the_environment_serves_as_before()
    {
        var wrong = await SshKeyPair.GenerateAsync(host.StateDirectory, "wrong-" + Guid.NewGuid().ToString("N")[..8], "not-authorized");
        var before = await ServedVersionAsync();

        var result = await ToolRunner.RunAsync(RemoteBuildProcess.WithCredentials(SampleBuildProcess.DeployStaging(root, environment, images["v2"]), host.Credentials with { PrivateKey = wrong.PrivateKey }));

        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.Not.Null);
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), RemoteBuildProcess.Tail(result));
            Assert.That(result.StandardOutput + result.StandardError, Does.Contain($"refused the key for root@{host.Address}"));
            Assert.That(await ServedVersionAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    [Order(3)]
    public async Task An_unknown_host_key_stops_the_deploy_with_exit_2_naming_the_host_and_the_line_to_pin_and_changes_nothing()
    {
        var before = await ServedVersionAsync();
        var other = await SshKeyPair.GenerateAsync(host.StateDirectory, "other-host-" + Guid.NewGuid().ToString("N")[..8], "other");
        var credentials = host.Credentials with { KnownHosts = $"[10.233.255.254]:22 {other.PublicKeyWithoutComment}" };

        var result = await ToolRunner.RunAsync(RemoteBuildProcess.WithCredentials(SampleBuildProcess.DeployStaging(root, environment, images["v2"]), credentials));
        var output = result.StandardOutput + result.StandardError;

        Assert.Multiple(async () =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), RemoteBuildProcess.Tail(result));
            Assert.That(output, Does.Contain($"[{host.Address}]:{host.SshPort} is not pinned"));
            Assert.That(output, Does.Contain(host.KnownHostsLine));
            Assert.That(await ServedVersionAsync(), Is.EqualTo(before));
        });
    }

    /// <summary>The stand-in answers every other path with its version; /status is for loopback only at the edge.</summary>
    private async Task<string?> ServedVersionAsync()
    {
        try
        {
            return (await http.GetStringAsync(new Uri("/", UriKind.Relative))).Trim();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
