namespace Slipway.Delivery.Deploy;

/// <summary>One deploy: which image, who asks, whether a stale lock may be broken and whether to migrate whatever the schema.</summary>
internal sealed record DeployRequest : ILockedOperationRequest
{
    public required DeployImage Image { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    /// <summary>Break a stale lock (never a live one); recorded in the deploy log.</summary>
    public bool Force { get; init; }

    /// <summary>Run the migration container even when the image's schema is the one the database was last migrated to (a database restored by hand).</summary>
    public bool AlwaysMigrate { get; init; }
}
