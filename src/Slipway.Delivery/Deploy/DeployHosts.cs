using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// An environment's hosts, connected: one <see cref="DeployHost"/> per Docker endpoint of
/// <see cref="DeployEnvironment.Hosts"/> (the primary first), or the one host of an environment that declares none.
/// </summary>
internal sealed class DeployHosts : IAsyncDisposable
{
    private DeployHosts(DeployEnvironment environment, IReadOnlyList<DeployHost> all)
    {
        Environment = environment;
        All = all;
    }

    /// <summary>The environment as declared (with its <see cref="DeployEnvironment.Hosts"/>).</summary>
    public DeployEnvironment Environment { get; }

    /// <summary>Every host, the primary first; each carries the environment as that host runs it (<see cref="DeployEnvironment.PerHost"/>).</summary>
    public IReadOnlyList<DeployHost> All { get; }

    /// <summary>The first host: where the migrations run, and whose deploy log decides a rollback's version.</summary>
    public DeployHost Primary => All[0];

    /// <summary>
    /// Connects to every host at once. A host that cannot be reached fails the whole before anything changes on any host,
    /// named with its reason: exit 10, or 2 when every failure is bad input (an unpinned or changed host key).
    /// </summary>
    public static async Task<DeployHosts> ConnectAsync(DeployEnvironment environment, SshCredentials? sshCredentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment.Validate();
        var perHost = environment.PerHost();
        if (perHost.Count == 1)
        {
            return new DeployHosts(environment, [await DeployHost.ConnectAsync(perHost[0], sshCredentials, cancellationToken)]);
        }

        var connecting = perHost.Select(e => DeployHost.ConnectAsync(e, sshCredentials, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(connecting);
        }
        catch (Exception) when (connecting.Any(c => c.IsFaulted))
        {
            foreach (var connected in connecting.Where(c => c.IsCompletedSuccessfully))
            {
                await connected.Result.DisposeAsync();
            }

            var failures = connecting.Select((task, index) => (Host: perHost[index].DockerHost, task.Exception?.InnerException)).Where(f => f.InnerException is not null).ToList();
            var exitCode = failures.All(f => f.InnerException is BuildFailedException { ExitCode: ExitCodes.BadInvocation })
                ? ExitCodes.BadInvocation
                : ExitCodes.DeployAborted;
            throw new BuildFailedException(exitCode,
                $"{environment.Name}: {failures.Count} of its {perHost.Count} hosts cannot be reached, so nothing was changed on any host: " +
                string.Join("; ", failures.Select(f => $"{f.Host}: {f.InnerException!.Message.Split('\n')[0].Trim()}")),
                failures[0].InnerException!);
        }

        return new DeployHosts(environment, [.. connecting.Select(c => c.Result)]);
    }

    /// <summary>The prefix of a line about <paramref name="host"/>: its name (and "primary") when there are several hosts, nothing for one.</summary>
    public string LineFor(DeployHost host) =>
        All.Count > 1 ? $"On {host.Name}{(host == Primary ? " (primary)" : string.Empty)}: " : string.Empty;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in All)
        {
            await host.DisposeAsync();
        }
    }
}
