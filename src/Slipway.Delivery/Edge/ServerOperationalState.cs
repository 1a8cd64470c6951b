namespace Slipway.Delivery.Edge;

/// <summary>A server's health as HAProxy's checks see it (<c>srv_op_state</c> of <c>show servers state</c>).</summary>
internal enum ServerOperationalState
{
    /// <summary>Down: failed its checks, was forced down, or is in maintenance.</summary>
    Stopped = 0,

    /// <summary>Up but warming up (slow start).</summary>
    Starting = 1,

    Running = 2,

    /// <summary>Up but soft-stopping (e.g. answering 404 with <c>disable-on-404</c>).</summary>
    Stopping = 3,
}
