using System.Globalization;
using System.Net;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Further replicas of a version beside its slot, proved before they take a share: started, their servers pointed at
/// them drained and forced down, gated on the edge's checks, and each one's <c>/status</c> probed for the version —
/// what Scale and each batch of a rolling deploy do. A failure is exit 10 naming the replica and <c>consequence</c>.
/// </summary>
internal sealed class ReplicaGate(DeployHost host, EdgeClient edge)
{
    private readonly DeployEnvironment environment = host.Environment;

    public async Task StartAsync(IReadOnlyList<(EdgeServer Server, AppRunSpec Run)> replicas, string version, string consequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var results = await Task.WhenAll(replicas.Select(r => host.RunAppAsync(r.Run, cancellationToken)));
        if (results.Select((result, index) => (result, replicas[index].Run.Name)).FirstOrDefault(r => !r.result.Succeeded) is { result: { } failed } failure)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted, $"Starting {failure.Name} failed: {failed.StandardError.Trim()}. {consequence}");
        }

        await edge.AddReplicasAsync([.. replicas.Select(r => (r.Server, new IPEndPoint(IPAddress.Loopback, r.Run.Port)))], cancellationToken);
        var gate = await edge.WaitUntilHealthyAsync([.. replicas.Select(r => r.Server)], environment.ReadinessPasses, environment.DeployTimeout, cancellationToken);
        if (!gate.Passed)
        {
            var weakest = replicas.FirstOrDefault(r => r.Server == gate.Slot.Server).Run ?? replicas[0].Run;
            throw new BuildFailedException(ExitCodes.DeployAborted, string.Create(CultureInfo.InvariantCulture,
                $"{weakest.Name} did not pass {environment.ReadinessPasses} consecutive readiness checks within {environment.DeployTimeout.TotalSeconds:0.#} s " +
                $"(last: {gate.Slot}). {consequence} Its last log lines:{System.Environment.NewLine}") +
                await host.LastLogLinesAsync(weakest.Name, CancellationToken.None));
        }

        await Task.WhenAll(replicas.Select(r => ProbeVersionAsync(r.Run.Name, r.Run.Port, version, consequence, cancellationToken)));
    }

    /// <summary>The container's <c>/status</c> (<see cref="DeployEnvironment.StatusPath"/>) must report <paramref name="version"/>; nothing to check without a status path.</summary>
    public async Task ProbeVersionAsync(string container, int port, string version, string consequence, CancellationToken cancellationToken)
    {
        if (environment.StatusPath is not { } statusPath)
        {
            return;
        }

        var status = await host.ProbeAsync(port, statusPath, cancellationToken);
        var reported = status?.JsonVersion();
        if (status is not { StatusCode: 200 } || !VersionMatch.Same(reported, version))
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"The version probe failed: {statusPath} of {container} answered " +
                $"{(status is null ? "nothing" : $"HTTP {status.StatusCode} with version '{reported ?? "(none)"}'")}, expected {version}. {consequence}");
        }

        Serilog.Log.Information("Version probe: {Path} of {Container} reports {Version}", statusPath, container, reported);
    }
}
