using Npgsql;

namespace Catalog.Api.Configuration;

/// <summary>
/// Converts a <c>DATABASE_URL</c> in <c>postgres://user:password@host:port/database?sslmode=require</c> form (Heroku's,
/// Render's and Fly's convention) into an Npgsql connection string. Errors never quote the URL: it holds a password.
/// </summary>
internal static class DatabaseUrl
{
    private const int DefaultPort = 5432;

    /// <summary>Returns the Npgsql connection string, or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static string ToNpgsqlConnectionString(string databaseUrl)
    {
        if (!Uri.TryCreate(databaseUrl.Trim(), UriKind.Absolute, out var uri))
        {
            throw new FormatException("DATABASE_URL is not an absolute URL; expected postgres://user:password@host:5432/database.");
        }

        if (uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"DATABASE_URL has scheme '{uri.Scheme}'; only postgres:// and postgresql:// are supported.");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("DATABASE_URL has no host; expected postgres://user:password@host:5432/database.");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException("DATABASE_URL must name exactly one database in its path, as in postgres://host/catalog.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
            Database = database,
        };

        if (uri.UserInfo.Length > 0)
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            if (separator >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            }
        }

        foreach (var (name, value) in QueryParameters(uri.Query))
        {
            Apply(builder, name, value);
        }

        return builder.ConnectionString;
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name.ToUpperInvariant())
        {
            case "SSLMODE":
                builder.SslMode = value.ToUpperInvariant() switch
                {
                    "DISABLE" => SslMode.Disable,
                    "ALLOW" => SslMode.Allow,
                    "PREFER" => SslMode.Prefer,
                    "REQUIRE" => SslMode.Require,
                    "VERIFY-CA" => SslMode.VerifyCA,
                    "VERIFY-FULL" => SslMode.VerifyFull,
                    _ => throw new FormatException(
                        $"DATABASE_URL has sslmode '{value}'; use disable, allow, prefer, require, verify-ca or verify-full."),
                };
                break;
            case "APPLICATION_NAME":
                builder.ApplicationName = value;
                break;
            case "CONNECT_TIMEOUT":
                builder.Timeout = int.TryParse(value, out var seconds) && seconds >= 0
                    ? seconds
                    : throw new FormatException("DATABASE_URL has a connect_timeout that is not a whole number of seconds.");
                break;
            default:
                throw new FormatException(
                    $"DATABASE_URL has an unsupported query parameter '{name}'; supported: sslmode, application_name, connect_timeout.");
        }
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..].Replace('+', ' '));
            yield return (name, value);
        }
    }
}
