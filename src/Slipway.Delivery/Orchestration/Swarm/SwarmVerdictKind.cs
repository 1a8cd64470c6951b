namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>Where a watched Swarm update stands (<see cref="SwarmUpdateDecider"/>).</summary>
internal enum SwarmVerdictKind
{
    /// <summary>Not decided yet: keep polling.</summary>
    Waiting,

    /// <summary>The new image runs in every wanted task and nothing else runs: exit 0 once its status endpoint agrees.</summary>
    Serving,

    /// <summary>Swarm rolled the update back (the CLI exits 0 here; Slipway exits 11).</summary>
    RolledBack,

    /// <summary>The new version never ran everywhere in time: Slipway puts the previous one back (or, on a first deploy, removes the service) and exits 10.</summary>
    NeverHealthy,

    /// <summary>Swarm finished the update but the new version's tasks do not stay up: Slipway rolls back and exits 11.</summary>
    Unstable,

    /// <summary>Swarm's own rollback stopped half-way: neither version is assured (exit 1, someone must look).</summary>
    RollbackPaused,
}
