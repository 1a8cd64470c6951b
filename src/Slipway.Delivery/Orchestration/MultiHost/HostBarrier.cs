namespace Slipway.Delivery.Orchestration.MultiHost;

/// <summary>The points where the hosts of one deploy or rollback wait for each other (<see cref="HostsCoordinator"/>).</summary>
internal enum HostBarrier
{
    /// <summary>Every host holds its lock, before anything changes on any of them.</summary>
    Locked,

    /// <summary>Every host passed its gate (a rollback: started what it switches to), before any host switches.</summary>
    Switch,

    /// <summary>Every host's bake passed, before any host retires its previous version.</summary>
    Baked,
}
