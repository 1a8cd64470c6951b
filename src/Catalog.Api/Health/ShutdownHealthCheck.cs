using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Catalog.Api.Health;

/// <summary>Not ready once shutdown has begun, so a load balancer still probing a draining instance stops routing to it.</summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? new HealthCheckResult(context.Registration.FailureStatus, "The service is shutting down.")
            : HealthCheckResult.Healthy("The service is running."));
}
