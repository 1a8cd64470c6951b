using Npgsql;

namespace Catalog.Api.Commands;

/// <summary>The <c>pg_dump</c> command line for a PostgreSQL backup, and where to find the binary.</summary>
internal static class PgDump
{
    public const string ExecutableName = "pg_dump";

    /// <summary>
    /// A custom-format dump (compressed, restorable with pg_restore, table by table if need be) of the connection
    /// string's database; connection and password as <see cref="PgClient"/> passes them.
    /// </summary>
    public static ProcessInvocation Invocation(string executable, string connectionString, string targetFile)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        List<string> arguments = ["--format=custom", $"--file={targetFile}", .. PgClient.ConnectionArguments(connection)];
        return new ProcessInvocation(executable, arguments, PgClient.Environment(connection, "catalog-api-backup"));
    }

    /// <summary>The first <c>pg_dump</c> on <paramref name="searchPath"/> (a PATH value), or null.</summary>
    public static string? Find(string? searchPath) => PgClient.Find(ExecutableName, searchPath);
}
