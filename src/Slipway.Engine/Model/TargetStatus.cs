namespace Slipway.Engine;

public enum TargetStatus
{
    /// <summary>Planned, not reached yet.</summary>
    Pending,

    Succeeded,
    Failed,

    /// <summary>Not run on purpose; <see cref="ExecutableTarget.SkipReason"/> says why.</summary>
    Skipped,

    /// <summary>Not run because an earlier target failed.</summary>
    NotRun,

    /// <summary>Has no actions of its own; stands for its dependencies.</summary>
    Collective,

    /// <summary>Not run: its inputs matched an earlier successful run, whose outputs were restored.</summary>
    Cached,
}
