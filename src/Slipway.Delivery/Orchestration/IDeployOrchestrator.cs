using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration;

/// <summary>
/// The one seam between the deploy stage's components and what runs the service: IDeploy and IRollback call this, and
/// an orchestrator (containers on a host, a Swarm service, a Kubernetes Deployment one day) does it its own way. Both
/// operations end with the record appended to the environment's deploy log and the exit codes of DESIGN.md: 10 aborted
/// with the previous version serving, 11 rolled back automatically, 12 locked.
/// </summary>
internal interface IDeployOrchestrator
{
    Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default);

    /// <summary>Back to the previous version, or to <see cref="RollbackRequest.To"/>; the outcome carries the deploy log it read.</summary>
    Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs <see cref="ScaleRequest.Replicas"/> instances of the serving version, with no failed request; recorded as a scale.</summary>
    Task<DeployOutcome> ScaleAsync(ScaleRequest request, CancellationToken cancellationToken = default);
}
