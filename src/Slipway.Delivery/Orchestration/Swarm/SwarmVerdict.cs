namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>A decision about a watched update, and the sentence that explains it (the deploy log's message).</summary>
internal sealed record SwarmVerdict(SwarmVerdictKind Kind, string Message)
{
    public bool IsFinal => Kind != SwarmVerdictKind.Waiting;
}
