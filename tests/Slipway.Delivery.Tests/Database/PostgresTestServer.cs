using System.Net.Sockets;
using Npgsql;

namespace Slipway.Delivery.Tests.Database;

/// <summary>
/// The real PostgreSQL the deploy and image tests point the service at (env SLIPWAY_TEST_POSTGRES, default
/// 127.0.0.1:5432 as slipway/slipway, provisioned by .ci/provision-postgres.sh): unique databases, dropped afterwards,
/// and the few queries the tests assert on. An unreachable server fails the test, naming the script.
/// </summary>
internal static class PostgresTestServer
{
    public const string EnvironmentVariable = "SLIPWAY_TEST_POSTGRES";
    private const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=slipway;Password=slipway;Database=postgres";

    private static NpgsqlConnectionStringBuilder Admin =>
        new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString);

    /// <summary>A database name nobody else uses (not created: the service's migrate creates it).</summary>
    public static string NewDatabaseName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 63)];

    /// <summary>The URL form the service reads from DATABASE_URL.</summary>
    public static string DatabaseUrl(string database)
    {
        var admin = Admin;
        return $"postgresql://{Uri.EscapeDataString(admin.Username!)}:{Uri.EscapeDataString(admin.Password ?? string.Empty)}@{admin.Host}:{admin.Port}/{database}";
    }

    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(Admin.ConnectionString) { Database = database }.ConnectionString;

    public static async Task CreateDatabaseAsync(string database) => await ExecuteAdminAsync($"CREATE DATABASE \"{database}\"");

    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        // FORCE ends the connections a stopped container may still hold.
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    /// <summary>The single value of <paramref name="sql"/> run in <paramref name="database"/>.</summary>
    public static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Admin.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            Assert.Fail($"PostgreSQL is not reachable at {Admin.Host}:{Admin.Port} as '{Admin.Username}' ({ex.Message}). "
                + $"Run .ci/provision-postgres.sh (as root), or set {EnvironmentVariable} to a server whose role may CREATE DATABASE.");
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
