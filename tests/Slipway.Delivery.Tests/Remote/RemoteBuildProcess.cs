using System.Collections.Concurrent;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.LocalInfra;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// The sample build run against a <see cref="RemoteDockerHost"/> as a CI runner runs it: the key only in
/// <c>DEPLOY_SSH_KEY</c>, the host key only in <c>DEPLOY_KNOWN_HOSTS</c>, no <c>DOCKER_HOST</c> of this machine.
/// </summary>
internal static class RemoteBuildProcess
{
    /// <summary>
    /// Makes the server ready for deploys: its registry reached through a forward, and the edge image preloaded. A deploy
    /// builds the edge image on the server, whose build installs a package; the namespace has no package mirror, so the
    /// image is built here and loaded there, as an operator preloads images on an air-gapped server. Its tag hashes
    /// recipe and base, so the deploy finds it and builds nothing.
    /// </summary>
    public static async Task PrepareAsync(RemoteDockerHost host, DeployEnvironment environment)
    {
        await host.ForwardRegistryAsync();
        await using var local = await DeployHost.ConnectAsync(environment with { DockerHost = null }, SshCredentials.None);
        await host.LoadImageAsync(await local.Edge.EnsureImageAsync());
        await host.LoadImageAsync(StandInImages.HaProxy);
    }

    public static ToolInvocation WithCredentials(ToolInvocation invocation, SshCredentials credentials) =>
        invocation
            .WithEnvironment(SshCredentials.PrivateKeyVariable, credentials.PrivateKey)
            .WithEnvironment(SshCredentials.KnownHostsVariable, credentials.KnownHosts)
            .WithEnvironment("DOCKER_HOST", null);

    /// <summary>Runs a build process and collects every process's command line that held a line of the key meanwhile.</summary>
    public static async Task<ToolResult> RunWatchingAsync(ToolInvocation invocation, SshCredentials credentials, IReadOnlyList<string> keyLines, ConcurrentBag<string> leaks)
    {
        var running = ToolRunner.RunAsync(WithCredentials(invocation, credentials));
        var (found, _) = await ProcessTable.WatchAsync(running, keyLines.Select((line, i) => (line, i)).ToDictionary(l => $"key line {l.i + 1}", l => l.line));
        foreach (var leak in found)
        {
            leaks.Add(leak);
        }

        return await running;
    }

    /// <summary>The last lines of a build's output, for an assertion's message.</summary>
    public static string Tail(ToolResult result) =>
        string.Join('\n', (result.StandardOutput + result.StandardError).Split('\n').TakeLast(40));
}
