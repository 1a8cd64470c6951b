using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Catalog.Api.Data.Migrations.Sqlite;

/// <summary>
/// Expand step: adds a nullable UpdatedAt and backfills it. Additive only, so the previous version (which neither reads
/// nor writes the column) keeps working beside the new one during a deploy and after a rollback.
/// </summary>
[DbContext(typeof(SqliteCatalogDbContext))]
[Migration("20260102000000_AddItemUpdatedAt")]
internal sealed class AddItemUpdatedAt : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>(name: "UpdatedAt", table: "Items", type: "TEXT", nullable: true);
        migrationBuilder.Sql("""UPDATE "Items" SET "UpdatedAt" = "CreatedAt" WHERE "UpdatedAt" IS NULL;""");
    }

    // SQLite 3.35+ (the bundled e_sqlite3) drops columns natively; EF's table rebuild would need a target model.
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE "Items" DROP COLUMN "UpdatedAt";""");
}
