using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Catalog.Api.Health;

/// <summary>
/// <c>/health/live</c>: the process is up (no dependency is checked, so a database outage does not get the container
/// restarted). <c>/health/ready</c> (and <c>/health</c>): the database answers, no migration is pending and the service
/// is not shutting down; 503 otherwise.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddCatalogHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            // The timeout fails a probe against an unreachable server before the driver's connect timeout (15 s) would.
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<PendingMigrationsHealthCheck>("migrations", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthReportWriter.WriteAsync,
        });

        var ready = new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        };
        app.MapHealthChecks("/health/ready", ready);
        app.MapHealthChecks("/health", ready);
        return app;
    }
}
