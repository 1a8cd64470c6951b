namespace Slipway.Delivery.Deploy;

/// <summary>One rollback: to which version (null: the previous one), who asks, and whether a stale lock may be broken.</summary>
internal sealed record RollbackRequest : ILockedOperationRequest
{
    /// <summary>A retained version (<c>1.3.2</c>) or digest; null rolls back to the previous version.</summary>
    public string? To { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    public bool Force { get; init; }

    /// <summary>Also restore the backup taken before the first migration after <see cref="To"/> went live (<see cref="DatabaseRestoreChoice"/>).</summary>
    public bool RestoreDatabase { get; init; }
}
