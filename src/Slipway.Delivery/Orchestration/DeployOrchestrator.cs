namespace Slipway.Delivery.Orchestration;

/// <summary>
/// What runs an environment's service (<see cref="Deploy.DeployEnvironment.Orchestrator"/>): Slipway itself, with
/// containers beside each other behind the edge (the default), or an orchestrator it drives (docs/deploy.md, Docker Swarm).
/// </summary>
public enum DeployOrchestrator
{
    /// <summary>Slipway starts, gates, switches and retires the service's containers on the environment's Docker host.</summary>
    Containers,

    /// <summary>A Docker Swarm service: Swarm replaces the tasks (start-first, rolled back on failure), Slipway watches it to the end.</summary>
    Swarm,
}
