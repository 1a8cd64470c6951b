namespace Slipway.Delivery.Docker;

/// <summary>Why an SSH connection to a Docker host failed, as far as ssh's standard error tells.</summary>
internal enum SshFailureKind
{
    /// <summary>The host offered a key that no pinned line names for it.</summary>
    UnknownHostKey,

    /// <summary>The host offered a key other than the one pinned for it.</summary>
    ChangedHostKey,

    /// <summary>Host key verification failed without saying why (an old or unusual client).</summary>
    HostKeyRejected,

    /// <summary>The server accepted the connection and refused every key offered.</summary>
    KeyRefused,

    /// <summary>No TCP connection: refused, timed out, no route, or a name that does not resolve.</summary>
    Unreachable,
}
