using System.Globalization;
using System.Net;
using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// The smoke suite's preview stage under Swarm (docs/deploy.md, Smoke tests under Swarm). Swarm sends traffic to a new
/// task as soon as its health check passes, so no task can be tried before it serves; the new version is tried before
/// the update instead, in one container of the new image on the manager — the tasks' environment, data volume and
/// read-only root, on the port after theirs — pointed at by the edge's idle slot, drained: gated on the edge's readiness
/// checks and the version probe, smoke-tested through the preview route as on the containers path, then taken out of the
/// edge and removed whatever the verdict. A failure is exit 10 with the service untouched.
/// </summary>
internal sealed class SwarmPreview(DeployHost host, LockedOperation operation)
{
    private const string Untouched = "The deploy is aborted before the Swarm update; the service is untouched.";

    private readonly DeployEnvironment environment = host.Environment;

    public async Task RunAsync(string image, string version, IReadOnlyList<SmokeCheck> checks, CancellationToken cancellationToken)
    {
        var edge = operation.Edge;
        var name = DeployNames.SwarmPreview(environment.Name);
        var port = environment.AppPorts.First + 1;
        var slot = (await edge.ReadStatusAsync(cancellationToken)).ActiveSlot?.Other ?? EdgeSlot.Blue;
        // A crashed run's preview would hold the port; none is the rule, so Docker's "No such container" stays out of the log.
        await host.Engine.TryRunAsync(host.Commands.Remove(name) with { LogOutput = false }, cancellationToken);
        Log.Information("Previewing {Version} before the Swarm update: {Name} on 127.0.0.1:{Port}, behind the edge's idle slot {Slot}", version, name, port, slot.ServerName);
        try
        {
            var started = await host.RunAppAsync(new AppRunSpec { Name = name, Image = image, Port = port, Labels = new Dictionary<string, string>() }, cancellationToken);
            if (!started.Succeeded)
            {
                throw new BuildFailedException(ExitCodes.DeployAborted, $"Starting the preview container {name} failed: {started.StandardError.Trim()}. {Untouched}");
            }

            await edge.AssignAsync(slot, new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            var gate = await edge.WaitUntilHealthyAsync(slot, environment.ReadinessPasses, environment.DeployTimeout, cancellationToken);
            if (!gate.Passed)
            {
                throw new BuildFailedException(ExitCodes.DeployAborted, string.Create(CultureInfo.InvariantCulture,
                    $"{version} ({name}, 127.0.0.1:{port}) did not pass {environment.ReadinessPasses} consecutive readiness checks of {environment.HealthPath} " +
                    $"within {environment.DeployTimeout.TotalSeconds:0.#} s (last: {gate.Slot}). {Untouched} Its last log lines:{System.Environment.NewLine}") +
                    await host.LastLogLinesAsync(name, CancellationToken.None));
            }

            await new ReplicaGate(host, edge).ProbeVersionAsync(name, port, version, Untouched, cancellationToken);
            if (await SmokeStageRunner.RunAsync(host, operation, checks, SmokeStages.Preview, version, slot.ServerName, cancellationToken) is { } failure)
            {
                throw new BuildFailedException(ExitCodes.DeployAborted, $"{version} failed its smoke tests before it took traffic: {failure}. {Untouched}");
            }
        }
        finally
        {
            // Out of the edge before the container goes, so no check or preview request meets a closed port.
            await edge.RetireAsync(slot, CancellationToken.None);
            await host.RemoveAsync(name, CancellationToken.None);
        }
    }
}
