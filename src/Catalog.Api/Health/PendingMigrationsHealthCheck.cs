using Catalog.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Catalog.Api.Health;

/// <summary>
/// Not ready while the database lacks a migration this version expects: a deploy must run <c>migrate</c> before the
/// new colour gets traffic, and this check is how the health gate notices when it did not.
/// </summary>
internal sealed class PendingMigrationsHealthCheck(CatalogDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return HealthCheckResult.Healthy("All migrations are applied.");
        }

        var data = new Dictionary<string, object> { ["pending"] = pending };
        return new HealthCheckResult(
            context.Registration.FailureStatus,
            $"{pending.Count} pending migration(s); run `migrate` before serving this version.",
            data: data);
    }
}
