using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// What an environment may declare when Swarm runs it: the settings the containers path honours and Swarm has no
/// counterpart for (yet) are refused with the fix, so a declaration never silently does less than it says.
/// </summary>
internal static class SwarmDeclaration
{
    public static IEnumerable<string> Problems(DeployEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!Enum.IsDefined(environment.Orchestrator))
        {
            yield return $"Orchestrator ({environment.Orchestrator}) must be Containers or Swarm.";
            yield break;
        }

        if (environment.Orchestrator != DeployOrchestrator.Swarm)
        {
            yield break;
        }

        const string Swarm = "with Orchestrator = Swarm";
        if (environment.Strategy == DeployStrategy.Canary)
        {
            yield return $"Strategy = Canary is not available {Swarm}: Swarm replaces tasks RollingBatch at a time, start-first, and has no traffic " +
                "weights. Use Strategy = BlueGreen (the default) or Rolling, or Orchestrator = Containers for a canary at the edge.";
        }

        if (environment.KeepPreviousRunning)
        {
            yield return $"KeepPreviousRunning does nothing {Swarm}: Swarm keeps the previous spec for a rollback and starts its tasks again. Set it to false.";
        }
    }
}
