using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// An environment's state on its host, re-derived from Docker alone: its app containers (labels), the edge's slots
/// (which port each points at, which one takes traffic) and the deploy log. The live version is the container whose
/// port the edge's active slot points at.
/// </summary>
internal sealed record EnvironmentSnapshot(
    string Environment,
    IReadOnlyList<AppContainer> Containers,
    EdgeStatus? Edge,
    IReadOnlyList<DeployRecord> Records)
{
    /// <remarks>
    /// While two versions share the traffic (a canary, or one a dead deploy left), the larger share is live; at an even
    /// split, the version deployed first — the canary is always the newer one.
    /// </remarks>
    public AppContainer? Live =>
        Edge?.ActiveSlot is { } active && Edge[active].Upstream is { } upstream
            ? Containers.FirstOrDefault(c => c.Port == upstream.Port)
            : Edge is { IsSplit: true }
                ? Containers.Where(c => SlotOf(c) is not null).OrderBy(c => c.DeployedAt).FirstOrDefault()
                : null;

    /// <summary>The slot pointing at a container's port, if any.</summary>
    public EdgeSlot? SlotOf(AppContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (Edge is null)
        {
            return null;
        }

        foreach (var slot in new[] { EdgeSlot.Blue, EdgeSlot.Green })
        {
            if (Edge[slot].Upstream?.Port == container.Port)
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>Running, pointed at by the slot that is not serving, drained and passing its checks: a switch to it is instant.</summary>
    public bool IsWarm(AppContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.IsRunning && SlotOf(container) is { } slot && Edge is not null && slot != Edge.ActiveSlot
            && Edge[slot] is { AdminState: ServerAdminState.Drain, IsUp: true };
    }

    /// <summary>The record that made the live version live, if the log has it.</summary>
    public DeployRecord? LiveRecord =>
        Live is { } live ? Records.LastOrDefault(r => r.MadeLive && r.Digest == live.Digest) : null;

    /// <summary>
    /// The version to roll back to when none is named: walking the log back from the newest record that made a
    /// version live, the first other version whose container is retained — skipping versions a rollback already
    /// moved away from, so a second rollback goes further back instead of returning to the version just left.
    /// Without a log, the most recently deployed other container.
    /// </summary>
    public AppContainer? Previous
    {
        get
        {
            var live = Live;
            var rolledAwayFrom = Records.Where(r => r.Kind == DeployKind.Rollback && r.MadeLive && r.RollbackOf is not null)
                .Select(r => Records.LastOrDefault(x => x.Id == r.RollbackOf)?.Digest)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            var candidates = Containers.Where(c => c != live && c.Digest != live?.Digest && !rolledAwayFrom.Contains(c.Digest)).ToList();
            foreach (var record in Records.Reverse().Where(r => r.MadeLive))
            {
                if (candidates.Where(c => c.Digest == record.Digest).OrderByDescending(c => c.DeployedAt).FirstOrDefault() is { } container)
                {
                    return container;
                }
            }

            return candidates.OrderByDescending(c => c.DeployedAt).FirstOrDefault();
        }
    }

    /// <summary>The newest record about a container's deploy (to show how it ended).</summary>
    public DeployRecord? RecordOf(AppContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return Records.LastOrDefault(r => r.Id == container.DeployId) ?? Records.LastOrDefault(r => r.Digest == container.Digest);
    }
}
