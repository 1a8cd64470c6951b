using System.Globalization;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// The Docker CLI over <c>ssh://</c> as a CI runner runs it: the key only in DEPLOY_SSH_KEY, the host key only in
/// DEPLOY_KNOWN_HOSTS, real OpenSSH in front of a real engine in its own network namespace.
/// </summary>
[NonParallelizable]
public class SshAccessTests
{
    private RemoteDockerHost host = null!;
    private DockerClient client = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        TestLog.Enable();
        client = await DockerClientLocator.LocateAsync();
        host = await RemoteDockerHost.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [SetUp]
    public void ClearLog() => TestLog.Clear();

    [Test]
    public async Task DockerOverSsh_ReachesTheHostsOwnEngine_NotThisMachines()
    {
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, host.Credentials);

        var version = await RunAsync(access, "version", "--format", "{{.Server.Version}}");
        var remote = await RunAsync(access, "info", "--format", "{{.ID}}|{{.DockerRootDir}}|{{json .Labels}}");
        var ps = await RunAsync(access, "ps", "--format", "{{.Names}}");
        var local = (await ToolRunner.RunAsync(new ToolInvocation(client.Executable, "info", "--format", "{{.ID}}|{{.DockerRootDir}}|{{json .Labels}}") { LogOutput = false }))
            .EnsureSuccess();

        Assert.That(access.UsesDeployKey, Is.True);
        Assert.That(version.ExitCode, Is.EqualTo(0), version.StandardError + host.SshdLog);
        Assert.That(version.StandardOutput.Trim(), Is.Not.Empty);
        Assert.That(ps.ExitCode, Is.EqualTo(0), ps.StandardError);
        Assert.That(remote.ExitCode, Is.EqualTo(0), remote.StandardError);
        var remoteInfo = remote.StandardOutput.Trim().Split('|');
        var localInfo = local.StandardOutput.Trim().Split('|');
        Assert.That(remoteInfo[1], Is.EqualTo(host.DataRoot));
        Assert.That(remoteInfo[2], Does.Contain(host.EngineLabel));
        Assert.That(remoteInfo[0], Is.Not.EqualTo(localInfo[0]), "engine ID");
        Assert.That(remoteInfo[1], Is.Not.EqualTo(localInfo[1]), "data root");
        Assert.That(localInfo[2], Does.Not.Contain(host.EngineLabel));
    }

    [Test]
    public async Task WithoutConnectionReuse_TheHostIsReachedToo_AndNoSharedConnectionIsLeft()
    {
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, host.Credentials, connectionReuse: false);

        var ps = await RunAsync(access, "ps");

        Assert.That(ps.ExitCode, Is.EqualTo(0), ps.StandardError);
        Assert.That(Directory.EnumerateFileSystemEntries(access.Directory!, "cm-*"), Is.Empty);
    }

    [Test]
    public async Task WithConnectionReuse_OneSharedConnectionCarriesTheCommands()
    {
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, host.Credentials);

        await RunAsync(access, "ps");
        await RunAsync(access, "ps");

        Assert.That(Directory.EnumerateFileSystemEntries(access.Directory!, "cm-*").Count(), Is.EqualTo(1));
        // The master: the run's own foreground one (-M -N), or one that ssh put in the background ("[mux]"); never two.
        Assert.That(
            ProcessTable.CommandLines().Count(p => p.CommandLine.Contains(access.Directory!, StringComparison.Ordinal)
                && (p.CommandLine.Contains("[mux]", StringComparison.Ordinal) || p.CommandLine.Contains(" -M -N ", StringComparison.Ordinal))),
            Is.EqualTo(1));
    }

    [Test]
    public async Task TheEngine_GoesThroughAForwardedSocket_AndBackToSshWhenTheForwardIsGone()
    {
        await using var engine = await DockerEngine.ConnectAsync(DockerEndpoint.Parse(host.DockerHost), sshCredentials: host.Credentials);
        var forwarded = engine.Cli.ForwardedHost;
        Assert.That(forwarded, Does.StartWith("unix:///"), "the engine's socket is forwarded on the shared connection");

        var through = await engine.RunAsync(engine.Cli.Query("info", "--format", "{{.Labels}}"));
        File.Delete(forwarded!["unix://".Length..]);
        // `docker info` reports a lost engine as a template error; every other command says it cannot connect.
        var after = await engine.RunAsync(engine.Cli.Query("ps", "--all", "--quiet"));

        Assert.Multiple(() =>
        {
            Assert.That(through.StandardOutput, Does.Contain(host.EngineLabel), "the forward reaches the host's own engine");
            Assert.That(after.Succeeded, Is.True, "without the forward the command went over ssh://");
            Assert.That(TestLog.Messages, Has.Some.Contains("stopped answering"));
        });
    }

    [Test]
    public async Task AWrongKey_IsRefused_NamingUserAtHost_Exit2()
    {
        var wrong = await SshKeyPair.GenerateAsync(host.StateDirectory, "wrong-" + Guid.NewGuid().ToString("N")[..8], "not-authorized");
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, new SshCredentials(wrong.PrivateKey, host.KnownHostsLine));

        var result = await RunAsync(access, "version");
        var error = await access.ExplainFailureAsync(result);
        await TestContext.Out.WriteLineAsync(error?.Message);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(error, Is.Not.Null, result.StandardError);
        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain($"refused the key for root@{host.Address}"));
        Assert.That(error.Message, Does.Contain("DEPLOY_SSH_KEY (SHA256:"));
        Assert.That(error.Message, Does.Not.Contain(wrong.PrivateKey.Split('\n')[1]));
    }

    [Test]
    public async Task AnUnknownHostKey_StopsWithExit2_NamingTheHost_TheOfferedFingerprint_AndTheLineToPin()
    {
        // Pinned: some other server's key. This host's key is pinned nowhere.
        var credentials = host.Credentials with { KnownHosts = $"[10.233.255.254]:22 {host.HostKey.PublicKeyWithoutComment}" };
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, credentials);

        var result = await RunAsync(access, "version");
        var error = await access.ExplainFailureAsync(result);
        await TestContext.Out.WriteLineAsync(error?.Message);

        Assert.That(error, Is.Not.Null, result.StandardError);
        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain($"The SSH host key of [{host.Address}]:{host.SshPort.ToString(CultureInfo.InvariantCulture)} is not pinned"));
        Assert.That(error.Message, Does.Contain($"It offers the ED25519 key {await HostKeyFingerprintAsync()}."));
        Assert.That(error.Message, Does.EndWith("add this line to DEPLOY_KNOWN_HOSTS:\n  " + host.KnownHostsLine));
    }

    [Test]
    public async Task AChangedHostKey_StopsWithExit2_NamingTheHost_TheOfferedFingerprint_AndTheReplacement()
    {
        var impostor = await SshKeyPair.GenerateAsync(host.StateDirectory, "old-host-key-" + Guid.NewGuid().ToString("N")[..8], "old");
        var credentials = host.Credentials with { KnownHosts = $"[{host.Address}]:{host.SshPort.ToString(CultureInfo.InvariantCulture)} {impostor.PublicKeyWithoutComment}" };
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, credentials);

        var result = await RunAsync(access, "version");
        var error = await access.ExplainFailureAsync(result);
        await TestContext.Out.WriteLineAsync(error?.Message);

        Assert.That(error, Is.Not.Null, result.StandardError);
        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain($"The SSH host key of [{host.Address}]:{host.SshPort.ToString(CultureInfo.InvariantCulture)} has CHANGED"));
        Assert.That(error.Message, Does.Contain(await HostKeyFingerprintAsync()));
        Assert.That(error.Message, Does.EndWith(host.KnownHostsLine));
    }

    [Test]
    public async Task DuringARun_TheKeyIsInNoCommandLine_NoFile_AndNoLogLine()
    {
        var secretLines = SshDeployKey.Parse(host.ClientKey.PrivateKey).BodyLines;
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, host.Credentials);
        // A command that stays connected for a few seconds, so the scan sees the agent, the shared connection and a
        // Docker CLI with its ssh client all alive at once.
        var until = DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var running = RunAsync(access, "events", "--until", until);
        var scans = 0;
        var sawConnection = false;
        while (!running.IsCompleted)
        {
            var table = ProcessTable.CommandLines();
            sawConnection |= table.Any(p => p.CommandLine.Contains("dial-stdio", StringComparison.Ordinal))
                             && table.Any(p => p.CommandLine.Contains("ssh-agent", StringComparison.Ordinal) && p.CommandLine.Contains(access.Directory!, StringComparison.Ordinal));
            var leaks = table.Where(p => secretLines.Any(line => p.CommandLine.Contains(line, StringComparison.Ordinal))).ToList();
            Assert.That(leaks, Is.Empty, "processes whose command line holds the key");
            scans++;
            await Task.Delay(50);
        }

        Assert.That((await running).ExitCode, Is.EqualTo(0), (await running).StandardError);
        Assert.That(sawConnection, Is.True, $"the agent and an ssh connection were never seen in {scans} scans");
        foreach (var file in Directory.EnumerateFiles(access.Directory!, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("cm-", StringComparison.Ordinal) && !f.EndsWith(".sock", StringComparison.Ordinal)))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.That(secretLines.Any(line => text.Contains(line, StringComparison.Ordinal)), Is.False, $"{file} holds the key");
        }

        Assert.That(TestLog.Messages, Is.Not.Empty);
        Assert.That(TestLog.Messages.Where(m => secretLines.Any(line => m.Contains(line, StringComparison.Ordinal))), Is.Empty, "log lines with the key");
    }

    [Test]
    public async Task Dispose_LeavesNoAgent_NoSharedConnection_AndNoDirectory()
    {
        var access = await SshAccess.PrepareAsync(host.DockerHost, host.Credentials);
        var directory = access.Directory!;
        Assert.That((await RunAsync(access, "ps")).ExitCode, Is.EqualTo(0));
        Assert.That(ProcessTable.CommandLines().Where(p => p.CommandLine.Contains(directory, StringComparison.Ordinal)), Is.Not.Empty);
        Assert.That(new DirectoryInfo(directory).UnixFileMode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));

        await access.DisposeAsync();

        Assert.That(Directory.Exists(directory), Is.False);
        Assert.That(ProcessTable.CommandLines().Where(p => p.CommandLine.Contains(directory, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task AKeyThatDoesNotParse_IsBadInput_BeforeAnythingRuns()
    {
        var before = Directory.EnumerateDirectories(Path.GetTempPath(), "slipway-ssh-*").ToList();

        var error = Assert.ThrowsAsync<BuildFailedException>(() => SshAccess.PrepareAsync(host.DockerHost, host.Credentials with { PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA" }));
        var empty = Assert.ThrowsAsync<BuildFailedException>(() => SshAccess.PrepareAsync(host.DockerHost, host.Credentials with { KnownHosts = "" }));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(empty!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(empty.Message, Does.Contain("DEPLOY_KNOWN_HOSTS is empty").And.Contain($"ssh-keyscan -p {host.SshPort.ToString(CultureInfo.InvariantCulture)} {host.Address}"));
        Assert.That(Directory.EnumerateDirectories(Path.GetTempPath(), "slipway-ssh-*"), Is.EquivalentTo(before));
    }

    [Test]
    public async Task WithoutADeployKey_NothingChanges()
    {
        await using var access = await SshAccess.PrepareAsync(host.DockerHost, SshCredentials.None);
        var invocation = new ToolInvocation("docker", "ps");

        Assert.That(access.UsesDeployKey, Is.False);
        Assert.That(access.Directory, Is.Null);
        Assert.That(access.Environment, Is.Empty);
        Assert.That(access.Apply(invocation), Is.SameAs(invocation));
        Assert.That(access.Endpoint, Is.EqualTo(SshEndpoint.FromDockerHost(host.DockerHost)));
    }

    [Test]
    public async Task ALocalEngine_NeedsNoSshAccess_EvenWithAKeyGiven()
    {
        await using var access = await SshAccess.PrepareAsync("unix:///var/run/docker.sock", host.Credentials);

        Assert.That(access.Endpoint, Is.Null);
        Assert.That(access.UsesDeployKey, Is.False);
    }

    // As DockerEngine runs its first command: once the run's shared connection is up (or has failed).
    private async Task<ToolResult> RunAsync(SshAccess access, params string[] arguments)
    {
        await access.WhenConnectedAsync();
        return await ToolRunner.RunAsync(access.Apply(new ToolInvocation(client.Executable, ["--host", host.DockerHost, .. arguments]) { Timeout = TimeSpan.FromSeconds(60) }));
    }

    private async Task<string> HostKeyFingerprintAsync()
    {
        var result = (await ToolRunner.RunAsync(new ToolInvocation("ssh-keygen", "-l", "-f", "-") { StandardInput = host.HostKey.PublicKey + "\n", LogOutput = false }))
            .EnsureSuccess();
        return result.StandardOutput.Split(' ')[1];
    }
}
