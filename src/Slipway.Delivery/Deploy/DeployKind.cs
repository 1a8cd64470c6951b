namespace Slipway.Delivery.Deploy;

/// <summary>What a deploy-log record describes.</summary>
internal enum DeployKind
{
    /// <summary>A new image was deployed (DeployStaging, DeployProduction).</summary>
    Deploy,

    /// <summary>An operator switched back to a retained version (Rollback).</summary>
    Rollback,

    /// <summary>An operator turned the maintenance page on or off (Maintenance): no version changed.</summary>
    Maintenance,

    /// <summary>An operator changed how many containers of the serving version run (Scale): no version changed.</summary>
    Scale,
}
