using Catalog.Api.Commands;
using Catalog.Api.Items;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Data;

/// <summary>
/// A backup is read back before a migration relies on it: pg_restore --list and a full read for PostgreSQL,
/// PRAGMA quick_check for SQLite — on real backups, whole, truncated and corrupted.
/// </summary>
[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class BackupVerificationTests(TestProvider provider) : CommandOnDatabasePerTest(provider)
{
    private static string? SearchPath => Environment.GetEnvironmentVariable("PATH");

    [Test]
    public async Task A_whole_backup_verifies_and_the_backup_command_says_so()
    {
        var backup = await BackUpAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await BackupVerifier.VerifyAsync(Database.Settings.Provider, backup, SearchPath, CancellationToken.None), Is.Null);
            Assert.That(Log.AllText, Does.Contain($"Verified the backup {backup}"));
        });
    }

    [Test]
    public async Task A_truncated_backup_is_detected()
    {
        var backup = await BackUpAsync();
        var bytes = await File.ReadAllBytesAsync(backup);
        // The header and (for pg_dump) the table of contents stay: only the tail of the data is lost.
        await File.WriteAllBytesAsync(backup, bytes[..(bytes.Length * 3 / 4)]);

        var problem = await BackupVerifier.VerifyAsync(Database.Settings.Provider, backup, SearchPath, CancellationToken.None);

        Assert.That(problem, Is.Not.Null.And.Contain(backup));
    }

    [Test]
    public async Task A_backup_with_corrupted_bytes_is_detected()
    {
        var backup = await BackUpAsync();
        var bytes = await File.ReadAllBytesAsync(backup);
        // Past the first quarter: the header stays valid, the data does not.
        for (var index = bytes.Length / 2; index < bytes.Length / 2 + 4096 && index < bytes.Length - 16; index++)
        {
            bytes[index] = 0xA5;
        }

        await File.WriteAllBytesAsync(backup, bytes);

        var problem = await BackupVerifier.VerifyAsync(Database.Settings.Provider, backup, SearchPath, CancellationToken.None);

        Assert.That(problem, Is.Not.Null);
    }

    private async Task<string> BackUpAsync()
    {
        await Database.MigrateAsync();
        await using (var db = Database.CreateContext())
        {
            // Enough rows that the data spans several SQLite pages and several kilobytes of compressed dump.
            for (var index = 0; index < 2000; index++)
            {
                db.Items.Add(new Item { Sku = $"V-{index}", Name = $"Verified {Guid.NewGuid()}", Price = index, Stock = index, CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        var target = Path.Combine(Database.WorkDirectory, "backups", "verify.backup");
        Assert.That(await BackupCommand.RunAsync(Database.Settings, target, SearchPath, Loggers, CancellationToken.None), Is.Zero, Log.AllText);
        return target;
    }
}
