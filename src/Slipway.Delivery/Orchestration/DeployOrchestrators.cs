using Slipway.Delivery.Deploy;
using Slipway.Delivery.Orchestration.MultiHost;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration;

/// <summary>Picks the environment's orchestrator: the branch point of the deploy stage.</summary>
internal static class DeployOrchestrators
{
    /// <summary>Several hosts move together (<see cref="MultiHostOrchestrator"/>); one host takes its environment's orchestrator.</summary>
    public static IDeployOrchestrator For(DeployHosts hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        return hosts.All.Count > 1 ? new MultiHostOrchestrator(hosts) : For(hosts.Primary);
    }

    public static IDeployOrchestrator For(DeployHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Environment.Orchestrator switch
        {
            DeployOrchestrator.Swarm => new SwarmOrchestrator(host),
            _ => new ContainersOrchestrator(host),
        };
    }

    /// <summary>
    /// Refuses (exit 2, before anything runs) what only the containers path offers yet — a deploy's <c>--dry-run</c> —
    /// for an environment another orchestrator runs.
    /// </summary>
    public static void RequireContainers(DeployEnvironment environment, string what)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Orchestrator != DeployOrchestrator.Containers)
        {
            throw BuildFailedException.BadInput(
                $"{what} is not available for {environment.Name}, which {environment.Orchestrator} runs (Orchestrator = {environment.Orchestrator}): " +
                $"look at the service with `docker service ps {SwarmServiceSpec.ServiceNameOf(environment.Name)}` and `docker service inspect`, or run without {what}.");
        }
    }
}
