namespace Slipway.Delivery.LocalInfra;

/// <summary>How a provisioning script can run on this machine.</summary>
internal enum ProvisionPrivilege
{
    /// <summary>The build runs as root: scripts run as they are.</summary>
    Root,

    /// <summary>Passwordless sudo (a GitHub-hosted runner, most cloud VMs): scripts run through <c>sudo -n</c>.</summary>
    Sudo,

    /// <summary>Neither: a script succeeds only where what it would install is already in place, and says so otherwise.</summary>
    User,
}
