namespace Slipway.Delivery.Deploy;

/// <summary>How many containers of the serving version should run, who asks, and whether a stale lock may be broken.</summary>
internal sealed record ScaleRequest : ILockedOperationRequest
{
    public required int Replicas { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    public bool Force { get; init; }

    /// <summary>The problems with the request, named with the fix, before anything touches the host.</summary>
    public IEnumerable<string> Problems()
    {
        if (Replicas is < 1 or > Edge.EdgeServer.MaxReplicas)
        {
            yield return $"--replicas ({Replicas}) must be between 1 and {Edge.EdgeServer.MaxReplicas}: the edge has {Edge.EdgeServer.MaxReplicas} servers per slot.";
        }
    }
}
