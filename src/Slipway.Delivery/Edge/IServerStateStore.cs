namespace Slipway.Delivery.Edge;

/// <summary>
/// Where the edge's HAProxy server-state file lives. HAProxy only reads it (on start); Slipway writes it after each
/// change so that a restarted edge — crash, host reboot, <c>docker restart</c> — comes back serving the same slot.
/// </summary>
internal interface IServerStateStore
{
    string Description { get; }

    /// <summary>Replaces the file's content atomically: HAProxy never reads half a file.</summary>
    Task SaveAsync(string content, CancellationToken cancellationToken = default);

    /// <summary>The file's content, or null when no state was saved yet.</summary>
    Task<string?> LoadAsync(CancellationToken cancellationToken = default);
}
