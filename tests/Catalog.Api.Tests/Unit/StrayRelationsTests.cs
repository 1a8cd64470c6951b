using Catalog.Api.Commands;

namespace Catalog.Api.Tests.Unit;

public sealed class StrayRelationsTests
{
    private static readonly BackupToc Archive = BackupToc.Parse("""
        ;     Format: CUSTOM
        215; 1259 49154 TABLE public Items slipway
        216; 1259 49162 VIEW public Cheap slipway
        217; 1259 49170 TABLE audit Events slipway
        3352; 0 49154 TABLE DATA public Items slipway
        """);

    [Test]
    public void Relations_a_migration_added_after_the_backup_are_dropped_with_what_depends_on_them()
    {
        var drops = StrayRelations.DropStatements(Archive,
        [
            new("public", "Items", 'r'), new("public", "Cheap", 'v'), new("audit", "Events", 'r'),
            new("public", "Orders", 'r'), new("public", "Order\"Totals", 'm'), new("audit", "seq", 'S'),
        ]);

        Assert.That(drops, Is.EqualTo(new[]
        {
            "DROP TABLE IF EXISTS \"public\".\"Orders\" CASCADE",
            "DROP MATERIALIZED VIEW IF EXISTS \"public\".\"Order\"\"Totals\" CASCADE",
            "DROP SEQUENCE IF EXISTS \"audit\".\"seq\" CASCADE",
        }));
    }

    [Test]
    public void Nothing_is_dropped_when_the_database_holds_only_what_the_archive_holds()
    {
        Assert.That(StrayRelations.DropStatements(Archive, [new("public", "Items", 'r'), new("audit", "Events", 'r')]), Is.Empty);
    }

    [Test]
    public void The_schemas_are_the_archives_and_public()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StrayRelations.Schemas(Archive), Is.EqualTo(new[] { "audit", "public" }));
            Assert.That(StrayRelations.Schemas(BackupToc.Parse(string.Empty)), Is.EqualTo(new[] { "public" }));
        });
    }
}
