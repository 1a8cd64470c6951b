using System.Globalization;
using Npgsql;

namespace Catalog.Api.Commands;

/// <summary>
/// What pg_dump and pg_restore share: where to find them, and how they reach the server. The password travels in
/// PGPASSWORD, never in the arguments (other users can read /proc/*/cmdline); <c>--no-password</c> makes a missing one
/// fail instead of waiting for a prompt that nobody will answer.
/// </summary>
internal static class PgClient
{
    /// <summary>The connection options (host, port, user, database) as arguments, after <c>--no-password</c>.</summary>
    public static List<string> ConnectionArguments(NpgsqlConnectionStringBuilder connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var arguments = new List<string>
        {
            "--no-password",
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

        return arguments;
    }

    /// <summary>The libpq environment: application name (visible in pg_stat_activity), timeout, password and TLS mode.</summary>
    public static Dictionary<string, string> Environment(NpgsqlConnectionStringBuilder connection, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGAPPNAME"] = applicationName,
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

        return environment;
    }

    /// <summary>The first <paramref name="executableName"/> on <paramref name="searchPath"/> (a PATH value), or null.</summary>
    public static string? Find(string executableName, string? searchPath)
    {
        foreach (var directory in (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executableName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The error to report when a client tool is missing.</summary>
    public static string NotFound(string executableName) =>
        $"{executableName} was not found on PATH. Install the PostgreSQL client tools (Debian: apt-get install "
        + "postgresql-client, a version at least the server's; the service's image carries them), or use your database provider's tools.";

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
