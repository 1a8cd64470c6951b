namespace Slipway.Delivery.Deploy;

/// <summary>Maintenance on (with its message and how long) or off, who asks, and whether a stale lock may be broken.</summary>
internal sealed record MaintenanceRequest : ILockedOperationRequest
{
    public required bool On { get; init; }

    /// <summary>The page's message; null: the edge's default.</summary>
    public string? Message { get; init; }

    /// <summary>How long until the edge ends it by itself; null: until <c>--off</c>.</summary>
    public TimeSpan? Duration { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    public bool Force { get; init; }

    /// <summary>The problems with the request, named with the fix, before anything touches the host.</summary>
    public IEnumerable<string> Problems()
    {
        if (!On && (Message is not null || Duration is not null))
        {
            yield return "--message and --duration go with --on; --off takes neither.";
        }

        if (Message is not null && Edge.MaintenancePage.MessageProblem(Message) is { } problem)
        {
            yield return problem;
        }

        if (Duration is { } duration && (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromDays(30)))
        {
            yield return $"--duration ({duration}) must be between 1 second and 30 days, e.g. 90s, 60m or 4h.";
        }
    }
}
