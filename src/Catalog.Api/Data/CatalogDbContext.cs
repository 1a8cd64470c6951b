using Catalog.Api.Items;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Data;

/// <summary>
/// The catalog's unit of work. Abstract because each provider has its own subclass, and so its own migration set and
/// model snapshot (EF Core's documented way to ship migrations for two providers).
/// </summary>
internal abstract class CatalogDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();

    /// <summary>True when saving failed because a unique index (the SKU's) already holds the value.</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new ItemConfiguration());
}
