using Catalog.Api.Commands;
using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;

namespace Catalog.Api.Tests.Data;

/// <summary>The <c>worker</c> role's job (WorkerCommand) on a real database of each engine: what it fills, what it leaves, and two at once.</summary>
[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class WorkerTests(TestProvider provider) : CommandOnDatabasePerTest(provider)
{
    private static readonly DateTimeOffset Created = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly DateTimeOffset Edited = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Test]
    public async Task A_batch_fills_UpdatedAt_from_CreatedAt_lowest_ids_first_and_leaves_rows_that_have_one()
    {
        await Database.MigrateAsync();
        await InsertAsync(withoutUpdatedAt: 3, withUpdatedAt: 2);

        var first = await WorkerCommand.FillBatchAsync(Database.Settings, 2, Loggers, CancellationToken.None);
        var afterFirst = await UpdatedAtBySkuAsync();
        var second = await WorkerCommand.FillBatchAsync(Database.Settings, 2, Loggers, CancellationToken.None);
        var third = await WorkerCommand.FillBatchAsync(Database.Settings, 2, Loggers, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((first, second, third), Is.EqualTo((2, 1, 0)));
            Assert.That(afterFirst["EMPTY-1"], Is.EqualTo(Created.AddMinutes(1)));
            Assert.That(afterFirst["EMPTY-3"], Is.Null, "the batch took the lowest ids first");
            var after = await UpdatedAtBySkuAsync();
            Assert.That(after.Where(r => r.Key.StartsWith("EMPTY-", StringComparison.Ordinal)).Select(r => r.Value),
                Is.EqualTo(new DateTimeOffset?[] { Created.AddMinutes(1), Created.AddMinutes(2), Created.AddMinutes(3) }), "each from its own CreatedAt");
            Assert.That(after.Where(r => r.Key.StartsWith("SET-", StringComparison.Ordinal)).Select(r => r.Value), Is.All.EqualTo(Edited), "rows with a value are left alone");
        });
    }

    [Test]
    public async Task Two_workers_at_once_fill_every_row_exactly_once_between_them()
    {
        await Database.MigrateAsync();
        await InsertAsync(withoutUpdatedAt: 300, withUpdatedAt: 0);

        async Task<int> DrainAsync()
        {
            var total = 0;
            while (await WorkerCommand.FillBatchAsync(Database.Settings, 7, Loggers, CancellationToken.None) is > 0 and var filled)
            {
                total += filled;
            }

            return total;
        }

        var counts = await Task.WhenAll(DrainAsync(), DrainAsync()).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Multiple(async () =>
        {
            Assert.That(counts.Sum(), Is.EqualTo(300), $"each row counted once (the two filled {counts[0]} and {counts[1]})");
            Assert.That((await UpdatedAtBySkuAsync()).Values, Has.None.Null);
        });
    }

    [Test]
    public async Task While_the_UpdatedAt_column_is_missing_the_worker_waits_and_says_so_and_a_stop_ends_it_with_exit_0()
    {
        await using (var db = Database.CreateContext())
        {
            CatalogDatabase.EnsureStorage(Database.Settings);
            await db.GetService<IMigrator>().MigrateAsync("20260101000000_InitialCreate");
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var exitCode = await WorkerCommand.RunAsync(Database.Settings, new WorkerSettings(10, TimeSpan.FromMilliseconds(200)), Loggers, stop.Token)
            .WaitAsync(TimeSpan.FromSeconds(30));

        await using var after = Database.CreateContext();
        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(Log.AllText, Does.Contain("no UpdatedAt column yet").And.Contain("Worker stopped: 0 item(s) filled"));
            Assert.That(await after.Database.GetPendingMigrationsAsync(), Has.One.EndsWith("_AddItemUpdatedAt"), "the worker never migrates");
        });
    }

    [Test]
    public async Task A_running_worker_fills_what_arrives_and_a_stop_ends_it_with_exit_0_after_its_batch()
    {
        await Database.MigrateAsync();
        await InsertAsync(withoutUpdatedAt: 25, withUpdatedAt: 0);
        using var stop = new CancellationTokenSource();

        var running = WorkerCommand.RunAsync(Database.Settings, new WorkerSettings(10, TimeSpan.FromMilliseconds(100)), Loggers, stop.Token);
        await WaitUntilAsync(async () => (await UpdatedAtBySkuAsync()).Values.All(v => v is not null));
        await InsertAsync(withoutUpdatedAt: 4, withUpdatedAt: 0, firstNumber: 100);
        await WaitUntilAsync(async () => (await UpdatedAtBySkuAsync()).Values.All(v => v is not null));
        await stop.CancelAsync();
        var exitCode = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(Log.AllText, Does.Contain("Filled UpdatedAt of 10 item(s)").And.Contain("Worker stopped: 29 item(s) filled"));
        });
    }

    [Test]
    public void Bad_settings_are_refused_naming_each_setting_and_its_fix()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WorkerSettings.BatchSizeKey] = "0",
            [WorkerSettings.IntervalKey] = "soon",
        }).Build();

        var failure = Assert.Throws<InvalidConfigurationException>(() => WorkerSettings.Read(configuration))!;
        var defaults = WorkerSettings.Read(new ConfigurationBuilder().Build());

        Assert.Multiple(() =>
        {
            Assert.That(failure.Problems, Has.Count.EqualTo(2));
            Assert.That(failure.Message, Does.Contain("WORKER_BATCH_SIZE must be a whole number from 1 to 10000").And.Contain("but is '0'"));
            Assert.That(failure.Message, Does.Contain("WORKER_INTERVAL_SECONDS must be a number of seconds").And.Contain("but is 'soon'"));
            Assert.That(defaults, Is.EqualTo(new WorkerSettings(WorkerSettings.DefaultBatchSize, WorkerSettings.DefaultInterval)));
        });
    }

    private async Task InsertAsync(int withoutUpdatedAt, int withUpdatedAt, int firstNumber = 1)
    {
        await using var db = Database.CreateContext();
        for (var i = firstNumber; i < firstNumber + withoutUpdatedAt; i++)
        {
            // As a version that predates the column writes them: no UpdatedAt.
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "Items" ("Sku", "Name", "Price", "Stock", "CreatedAt") VALUES ({"EMPTY-" + i}, 'Old', {1.25m}, {2}, {Created.AddMinutes(i)})""");
        }

        for (var i = 1; i <= withUpdatedAt; i++)
        {
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "Items" ("Sku", "Name", "Price", "Stock", "CreatedAt", "UpdatedAt") VALUES ({"SET-" + i}, 'New', {1.25m}, {2}, {Created}, {Edited})""");
        }
    }

    private async Task<SortedDictionary<string, DateTimeOffset?>> UpdatedAtBySkuAsync()
    {
        await using var db = Database.CreateContext();
        var rows = await db.Items.AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.Sku, i.UpdatedAt }).ToListAsync();
        return new SortedDictionary<string, DateTimeOffset?>(rows.ToDictionary(r => r.Sku, r => r.UpdatedAt), StringComparer.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the worker did not fill the rows within 30 s");
            await Task.Delay(50);
        }
    }
}
