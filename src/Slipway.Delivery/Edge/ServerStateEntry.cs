namespace Slipway.Delivery.Edge;

/// <summary>
/// One line of <c>show servers state</c> — the same format HAProxy reads back from its server-state file, so a
/// persisted file and a live answer parse alike.
/// </summary>
internal sealed record ServerStateEntry(
    string Backend,
    string Server,
    string Address,
    int Port,
    ServerOperationalState OperationalState,
    ServerAdminBits AdminBits,
    int Weight)
{
    public ServerAdminState AdminState => AdminBits.AdminState;
}
