using System.Globalization;
using Npgsql;

namespace Catalog.Api.Commands;

/// <summary>The <c>pg_dump</c> command line for a PostgreSQL backup, and where to find the binary.</summary>
internal static class PgDump
{
    public const string ExecutableName = "pg_dump";

    /// <summary>
    /// A custom-format dump (compressed, restorable with pg_restore, table by table if need be) of the connection
    /// string's database. The password travels in PGPASSWORD; <c>--no-password</c> makes a missing one fail instead of
    /// waiting for a prompt that nobody will answer.
    /// </summary>
    public static ProcessInvocation Invocation(string executable, string connectionString, string targetFile)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var arguments = new List<string>
        {
            "--format=custom",
            "--no-password",
            $"--file={targetFile}",
            $"--host={connection.Host}",
            string.Create(CultureInfo.InvariantCulture, $"--port={connection.Port}"),
        };
        if (!string.IsNullOrEmpty(connection.Username))
        {
            arguments.Add($"--username={connection.Username}");
        }

        if (!string.IsNullOrEmpty(connection.Database))
        {
            arguments.Add($"--dbname={connection.Database}");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGAPPNAME"] = "catalog-api-backup",
            ["PGCONNECT_TIMEOUT"] = connection.Timeout.ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(connection.Password))
        {
            environment["PGPASSWORD"] = connection.Password;
        }

        if (SslMode(connection.SslMode) is { } sslMode)
        {
            environment["PGSSLMODE"] = sslMode;
        }

        return new ProcessInvocation(executable, arguments, environment);
    }

    /// <summary>The first <c>pg_dump</c> on <paramref name="searchPath"/> (a PATH value), or null.</summary>
    public static string? Find(string? searchPath)
    {
        foreach (var directory in (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, ExecutableName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? SslMode(Npgsql.SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Prefer => "prefer",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => null,
    };
}
