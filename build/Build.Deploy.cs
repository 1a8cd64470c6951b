using Slipway.Delivery.Components;

/// <summary>
/// Deploys and rollbacks (docs/deploy.md): the environments and their parameters come from IDeploy and IRollback
/// (staging and production by default; override DeployEnvironments here to change them).
/// </summary>
partial class Build : IDeploy, IRollback;
