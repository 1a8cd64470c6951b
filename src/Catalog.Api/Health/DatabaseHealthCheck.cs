using Catalog.Api.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Catalog.Api.Health;

/// <summary>
/// Not ready while the database does not answer. Like AddDbContextCheck's, plus a description an operator can act on:
/// a SQLite file that does not exist yet counts as unreachable, since only <c>migrate</c> should create it.
/// </summary>
internal sealed class DatabaseHealthCheck(CatalogDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database answers.")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                "The database cannot be reached, or does not exist yet (run `migrate` to create it).");
}
