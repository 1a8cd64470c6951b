using System.Diagnostics;
using Catalog.Api.Commands;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slipway.Testing;

namespace Catalog.Api.Tests.EndToEnd;

/// <summary>
/// The restore's cost to users: the service runs on the real PostgreSQL under continuous reads while <c>restore
/// --from</c> (a separate process, as the deploy's one-off container is) puts a backup back in place. The design —
/// stray relations dropped, then one pg_restore transaction — makes readers wait on the table locks for the moment
/// the restore takes instead of failing, so the count of failed requests must be zero.
/// </summary>
[NonParallelizable]
public sealed class RestoreUnderLoadTests() : DatabasePerTest(TestProvider.Postgres)
{
    [Test]
    public async Task Restoring_in_place_under_load_fails_no_request_and_puts_the_rows_back()
    {
        await Database.MigrateAsync();
        await ExecuteAsync("""
            INSERT INTO "Items" ("Sku", "Name", "Price", "Stock", "CreatedAt")
            SELECT 'L-' || g, 'Loaded ' || md5(g::text), 1, g, now() FROM generate_series(1, 20000) g
            """);
        var backup = Path.Combine(Database.WorkDirectory, "backups", "under-load.backup");
        using (var loggers = LoggerFactory.Create(_ => { }))
        {
            Assert.That(await BackupCommand.RunAsync(Database.Settings, backup, Environment.GetEnvironmentVariable("PATH"), loggers, CancellationToken.None), Is.Zero);
        }

        // What the restore must undo: rows added after the backup.
        await ExecuteAsync("""
            INSERT INTO "Items" ("Sku", "Name", "Price", "Stock", "CreatedAt")
            SELECT 'N-' || g, 'After the backup', 2, g, now() FROM generate_series(1, 5000) g
            """);
        var port = FreePort.Next();
        await using var service = ServiceProcess.Start([], ServiceEnvironment.For(Database, port));
        await service.WaitUntilReadyAsync(port);
        await using var load = new HttpLoadGenerator(new Uri($"http://127.0.0.1:{port}/api/v1/items?page=1&pageSize=50"));
        await load.WaitForRequestsAsync(200);

        var before = load.Total;
        var failedBefore = load.Failures.Count;
        var clock = Stopwatch.StartNew();
        await using var restore = await ServiceProcess.RunAsync(["restore", "--from", backup], ServiceEnvironment.For(Database, null));
        var restoreTime = clock.Elapsed;
        var during = load.Total - before;
        var failedDuring = load.Failures.Count - failedBefore;
        await load.WaitForRequestsAsync(200);
        await load.StopAsync();

        TestContext.Out.WriteLine(
            $"restore under load: {restoreTime.TotalMilliseconds:0} ms (restore process, .NET start included), {during} requests completed meanwhile, " +
            $"{failedDuring} failed; whole run {load.Total} requests, {load.Failures.Count} failed, " +
            $"{load.Answers.Count(a => a.Body.Contains("\"totalCount\":20000", StringComparison.Ordinal))} answered from the restored data");
        Assert.Multiple(async () =>
        {
            Assert.That(restore.ExitCode, Is.Zero, restore.AllOutput);
            Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "Items" """), Is.EqualTo(20000), "the rows of the backup, and only those");
            Assert.That(load.Failures, Is.Empty, load.Describe());
            Assert.That(during, Is.GreaterThan(0), "requests kept completing while the restore ran");
        });
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
