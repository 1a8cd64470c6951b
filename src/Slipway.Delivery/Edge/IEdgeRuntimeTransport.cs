namespace Slipway.Delivery.Edge;

/// <summary>
/// Carries one runtime API command line to an edge's HAProxy and returns its answer. HAProxy's non-interactive mode
/// answers one line (several commands joined by <c>;</c>) and closes, so each call is one connection.
/// </summary>
internal interface IEdgeRuntimeTransport
{
    /// <summary>A short description for logs and errors: the socket path, address, or container.</summary>
    string Description { get; }

    Task<string> SendAsync(string commandLine, CancellationToken cancellationToken = default);
}
