namespace Slipway.Delivery.Deploy;

/// <summary>What every deploy and rollback asks for alike: who runs it, from which CI run, and whether a stale lock may be broken.</summary>
internal interface ILockedOperationRequest
{
    /// <summary>Who runs it: the GitHub actor in Actions, else user@machine.</summary>
    string Who { get; }

    string? CiRunUrl { get; }

    /// <summary>Break a stale lock (never a live one); recorded in the deploy log.</summary>
    bool Force { get; }
}
