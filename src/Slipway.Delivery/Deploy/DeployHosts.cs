using Slipway.Delivery.Docker;
using Slipway.Delivery.Orchestration.MultiHost;
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

    /// <summary>
    /// <paramref name="operation"/> on every host at once, each under its own lock and into its own log (Maintenance,
    /// Scale: nothing in them must wait for another host): the outcomes in the order of the hosts. When a host failed, the
    /// others' outcomes stand — each is whole on its own host, and running the target again converges the rest — and the
    /// failure names each host's result, with the worst host's exit code.
    /// </summary>
    public async Task<IReadOnlyList<DeployOutcome>> OnEachAsync(string what, Func<DeployHost, Task<DeployOutcome>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var runs = All.Select(operation).ToList();
        try
        {
            return await Task.WhenAll(runs);
        }
        catch (Exception) when (All.Count > 1 && runs.Any(r => r.IsFaulted))
        {
            var failures = runs.Select((run, index) => (Host: All[index], run.Exception?.InnerException)).Where(f => f.InnerException is not null).ToList();
            var exitCode = MultiHostOrchestrator.WorstExitCode(failures.Select(f => BuildFailedException.ExitCodeOf(f.InnerException)), switched: true);
            var each = runs.Select((run, index) => run.IsCompletedSuccessfully
                ? $"{All[index].Name}: {run.Result.Record.Result}"
                : $"{All[index].Name}: exit {BuildFailedException.ExitCodeOf(run.Exception?.InnerException)} ({run.Exception?.InnerException?.Message.Split('\n')[0].Trim()})");
            throw new BuildFailedException(exitCode,
                $"The {what} of {Environment.Name} failed on {failures.Count} of its {All.Count} hosts" +
                (failures.Count < All.Count ? "; the others' stands, and running it again converges them: " : ": ") +
                string.Join("; ", each) + ".",
                failures[0].InnerException!);
        }
    }

    /// <summary>What a summary adds when a target acted on several hosts (the primary's record speaks for them): " (on each of its 3 hosts)".</summary>
    public string OnEveryHost => All.Count > 1 ? $" (on each of its {All.Count} hosts)" : string.Empty;

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
