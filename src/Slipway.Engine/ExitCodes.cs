namespace Slipway.Engine;

/// <summary>The process exit codes callers can tell apart (DESIGN.md, "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A target failed.</summary>
    public const int TargetFailed = 1;

    /// <summary>Bad invocation: unknown target, bad parameter, failed requirement, invalid input to a stage.</summary>
    public const int BadInvocation = 2;

    /// <summary>A deploy stopped before the traffic switch; the old version is untouched.</summary>
    public const int DeployAborted = 10;

    /// <summary>A deploy switched, breached its thresholds and was rolled back automatically.</summary>
    public const int RolledBack = 11;

    /// <summary>The environment is locked by another deploy.</summary>
    public const int EnvironmentLocked = 12;

    /// <summary>
    /// A migration failed after an earlier one committed and restoring the pre-migration backup failed too: the old
    /// version still serves, but its database is half-migrated and needs an engineer (docs/runbook.md).
    /// </summary>
    public const int DatabaseNeedsAttention = 13;

    /// <summary>Monitor saw the live version breach a threshold (error rate, response time, availability); nothing was changed.</summary>
    public const int MonitorBreached = 14;
}
