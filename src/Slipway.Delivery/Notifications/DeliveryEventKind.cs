namespace Slipway.Delivery.Notifications;

/// <summary>What happened, for a notification channel to filter on (<see cref="NotificationChannel.Events"/>).</summary>
public enum DeliveryEventKind
{
    DeployStarted,
    DeploySucceeded,

    /// <summary>Exit 10: stopped before the switch; the old version serves.</summary>
    DeployAborted,

    /// <summary>Exit 11: switched back after a bake breach.</summary>
    RolledBackAutomatically,

    /// <summary>Exit 12: another deploy holds the environment's lock.</summary>
    Locked,

    ManualRollback,
    ReleaseCreated,
    MaintenanceOn,
    MaintenanceOff,

    /// <summary>Scale changed how many containers of the serving version run.</summary>
    Scaled,

    /// <summary>A CI run of the default branch failed.</summary>
    CiFailed,
}
