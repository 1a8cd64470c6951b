using System.Net.Sockets;
using Npgsql;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the tests use (env SLIPWAY_TEST_POSTGRES, default 127.0.0.1:5432 as slipway/slipway).
/// Each fixture gets its own database, dropped afterwards. An unreachable server fails the tests, naming the script
/// that provisions it.
/// </summary>
internal static class PostgresServer
{
    public const string EnvironmentVariable = "SLIPWAY_TEST_POSTGRES";
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=slipway;Password=slipway;Database=postgres";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>Creates an empty, uniquely named database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "catalog_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = await OpenAdminAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = await OpenAdminAsync();
        // FORCE ends the connections a stopped host may have left in another process's pool. It cannot end an
        // autovacuum worker (no role a non-superuser may signal: 42501, seen once in CI); that worker finishes in
        // moments, so the drop is tried again.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 40)
            {
                await Task.Delay(250);
            }
        }
    }

    public static async Task<long> CountItemsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT COUNT(*) FROM "Items" """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(AdminConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            var target = new NpgsqlConnectionStringBuilder(AdminConnectionString);
            Assert.Fail(
                $"PostgreSQL is not reachable at {target.Host}:{target.Port} as '{target.Username}' ({ex.Message}). "
                + $"Run .ci/provision-postgres.sh (as root) to install and start it, or set {EnvironmentVariable} to a "
                + "server whose role may CREATE DATABASE.");
            throw;
        }
    }
}
