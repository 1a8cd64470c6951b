using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration;

/// <summary>Today's deploy path, unchanged behind the seam: <see cref="Deployer"/> and <see cref="RollbackRunner"/> on the host's containers.</summary>
internal sealed class ContainersOrchestrator(DeployHost host) : IDeployOrchestrator
{
    public Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default) =>
        new Deployer(host).DeployAsync(request, cancellationToken);

    public Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default) =>
        new RollbackRunner(host).RollbackAsync(request, cancellationToken);

    public Task<DeployOutcome> ScaleAsync(ScaleRequest request, CancellationToken cancellationToken = default) =>
        new ScaleRunner(host).ScaleAsync(request, cancellationToken);
}
