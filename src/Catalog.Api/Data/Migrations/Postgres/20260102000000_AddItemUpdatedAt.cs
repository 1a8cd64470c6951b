using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Catalog.Api.Data.Migrations.Postgres;

/// <summary>
/// Expand step: adds a nullable UpdatedAt and backfills it. Additive only, so the previous version (which neither reads
/// nor writes the column) keeps working beside the new one during a deploy and after a rollback.
/// </summary>
[DbContext(typeof(PostgresCatalogDbContext))]
[Migration("20260102000000_AddItemUpdatedAt")]
internal sealed class AddItemUpdatedAt : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>(
            name: "UpdatedAt", table: "Items", type: "timestamp with time zone", nullable: true);
        migrationBuilder.Sql("""UPDATE "Items" SET "UpdatedAt" = "CreatedAt" WHERE "UpdatedAt" IS NULL;""");
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "UpdatedAt", table: "Items");
}
