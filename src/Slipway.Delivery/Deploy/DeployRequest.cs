namespace Slipway.Delivery.Deploy;

/// <summary>One deploy: which image, who asks, and whether a stale lock may be broken.</summary>
public sealed record DeployRequest
{
    public required DeployImage Image { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    /// <summary>Break a stale lock (never a live one); recorded in the deploy log.</summary>
    public bool Force { get; init; }
}
