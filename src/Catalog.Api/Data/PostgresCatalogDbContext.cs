using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Catalog.Api.Data;

/// <summary>The catalog on PostgreSQL; owns the migrations under Data/Migrations/Postgres.</summary>
internal sealed class PostgresCatalogDbContext(DbContextOptions<PostgresCatalogDbContext> options) : CatalogDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
