using Catalog.Api.Commands;
using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Slipway.Testing;

namespace Catalog.Api.Tests.Data;

[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class MigrationsTests(TestProvider provider) : DatabasePerTest(provider)
{
    private const string InitialCreate = "20260101000000_InitialCreate";
    private const string AddItemUpdatedAt = "20260102000000_AddItemUpdatedAt";

    [Test]
    public void The_hand_written_snapshot_matches_the_model()
    {
        using var db = Database.CreateContext();

        // EF refuses to migrate (PendingModelChangesWarning) when they differ; this says so before a deploy does.
        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "Data/Migrations/*/…ModelSnapshot.cs no longer matches the model: update the snapshot and add a migration");
    }

    [Test]
    public void Each_provider_ships_the_same_migrations_in_order()
    {
        using var db = Database.CreateContext();

        Assert.That(db.Database.GetMigrations(), Is.EqualTo(new[] { InitialCreate, AddItemUpdatedAt }));
    }

    [Test]
    public async Task Migrate_applies_everything_and_a_second_run_changes_nothing()
    {
        var log = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log));

        var first = await MigrateCommand.RunAsync(Database.Settings, loggerFactory, CancellationToken.None);
        var second = await MigrateCommand.RunAsync(Database.Settings, loggerFactory, CancellationToken.None);

        await using var db = Database.CreateContext();
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.Zero);
            Assert.That(second, Is.Zero);
            Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.EqualTo(new[] { InitialCreate, AddItemUpdatedAt }));
            Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
            Assert.That(log.AllText, Does.Contain("Applying 2 migration(s)"));
            Assert.That(log.AllText, Does.Contain("up to date"));
        });
    }

    [Test]
    public async Task The_expand_migration_backfills_rows_the_previous_version_wrote()
    {
        var createdAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        await using (var db = Database.CreateContext())
        {
            // The database as the previous version left it: only the first migration, with a row in it.
            CatalogDatabase.EnsureStorage(Database.Settings);
            await db.GetService<IMigrator>().MigrateAsync(InitialCreate);
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "Items" ("Sku", "Name", "Price", "Stock", "CreatedAt") VALUES ('OLD', 'Old', {1.25m}, {2}, {createdAt})""");
        }

        await Database.MigrateAsync();

        await using var migrated = Database.CreateContext();
        var item = await migrated.Items.SingleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(item.Sku, Is.EqualTo("OLD"));
            Assert.That(item.Price, Is.EqualTo(1.25m));
            Assert.That(item.UpdatedAt, Is.EqualTo(createdAt));
        });
    }

    [Test]
    public async Task Migrate_against_an_unreachable_database_fails_with_exit_code_1()
    {
        var unreachable = Provider == TestProvider.Postgres
            ? Database.Settings with { ConnectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Database=x;Username=x;Password=x" }
            : Database.Settings with { ConnectionString = $"Data Source={Path.Combine(BlockingFile(), "catalog.db")}" };
        var log = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log));

        var exitCode = await MigrateCommand.RunAsync(unreachable, loggerFactory, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(log.AllText, Does.Contain("failed"));
        });
    }

    [Test]
    public void Both_contexts_map_to_their_own_provider()
    {
        using var db = Database.CreateContext();

        Assert.That(db, Provider == TestProvider.Sqlite ? Is.TypeOf<SqliteCatalogDbContext>() : Is.TypeOf<PostgresCatalogDbContext>());
        Assert.That(Database.Settings.Provider, Is.EqualTo(Provider == TestProvider.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres));
    }

    // A regular file where the data directory should be: SQLite cannot create its folder there.
    private string BlockingFile()
    {
        var file = Path.Combine(Database.WorkDirectory, "not-a-directory");
        File.WriteAllText(file, string.Empty);
        return file;
    }
}
