namespace Slipway.Delivery.Edge;

/// <summary>
/// A file in the edge's volume that HAProxy only reads (on start) and Slipway keeps current after each change, so a
/// restarted edge — crash, host reboot, <c>docker restart</c> — comes back as it was: the server-state file (which slot
/// serves) and the maintenance map (the page, its deadline).
/// </summary>
internal interface IEdgeFileStore
{
    string Description { get; }

    /// <summary>Replaces the file's content atomically: HAProxy never reads half a file.</summary>
    Task SaveAsync(string content, CancellationToken cancellationToken = default);

    /// <summary>The file's content, or null when nothing was saved yet.</summary>
    Task<string?> LoadAsync(CancellationToken cancellationToken = default);
}
