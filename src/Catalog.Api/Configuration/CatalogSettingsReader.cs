using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Catalog.Api.Configuration;

/// <summary>
/// Reads and validates the service's configuration before anything starts, so a bad value stops the process with one
/// message listing every problem instead of failing on the first request.
/// </summary>
internal static class CatalogSettingsReader
{
    public const string ConnectionStringName = "Catalog";
    public const string DatabaseUrlKey = "DATABASE_URL";
    public const string ProviderKey = "Database:Provider";
    public const string DataDirectoryKey = "Database:DataDirectory";
    public const string MigrateOnStartupKey = "Database:MigrateOnStartup";
    public const string DrainTimeoutKey = "Shutdown:DrainTimeoutSeconds";
    public const string LogFormatKey = "Logging:Format";
    public const string HttpPortsKey = "HTTP_PORTS";
    public const string RunningInContainerKey = "DOTNET_RUNNING_IN_CONTAINER";
    public const string Fault5xxPercentKey = "CATALOG_FAULT_5XX_PERCENT";
    public const string SqliteFileName = "catalog.db";
    public const int DefaultHttpPort = 8080;
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The data directory inside the container image (the only writable place besides /app/logs).</summary>
    public const string ContainerDataDirectory = "/app/data";

    private const double MaxDrainTimeoutSeconds = 3600;

    /// <summary>Returns the validated settings or throws <see cref="InvalidConfigurationException"/> listing every problem.</summary>
    public static CatalogSettings Read(IConfiguration configuration, string environmentName, string contentRootPath)
    {
        var problems = new List<string>();
        var settings = Read(configuration, environmentName, contentRootPath, problems);
        ThrowIfAny(problems);
        return settings!;
    }

    /// <summary>
    /// The web host's settings: those of <see cref="Read(IConfiguration, string, string)"/> and the <see cref="SecuritySettings"/>,
    /// checked together so one failed start reports every problem.
    /// </summary>
    public static (CatalogSettings Settings, SecuritySettings Security) ReadForWebHost(
        IConfiguration configuration, string environmentName, string contentRootPath)
    {
        var problems = new List<string>();
        var settings = Read(configuration, environmentName, contentRootPath, problems);
        var security = SecuritySettingsReader.Read(configuration, problems);
        ThrowIfAny(problems);
        return (settings!, security);
    }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> listing every problem, if there is one.</summary>
    internal static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(string.Join(Environment.NewLine, problems)) { Problems = problems };
        }
    }

    private static CatalogSettings? Read(IConfiguration configuration, string environmentName, string contentRootPath, List<string> problems)
    {
        var runningInContainer = string.Equals(configuration[RunningInContainerKey], "true", StringComparison.OrdinalIgnoreCase);

        var ports = ReadHttpPorts(configuration, problems);
        var drainTimeout = ReadDrainTimeout(configuration, problems);
        var logFormat = ReadLogFormat(configuration, runningInContainer, problems);
        var database = ReadDatabase(configuration, environmentName, contentRootPath, runningInContainer, problems);
        var fault = ReadFault5xxPercent(configuration, problems);
        return database is null ? null : new CatalogSettings(database, ports, drainTimeout, logFormat) { Fault5xxPercent = fault };
    }

    private static int ReadFault5xxPercent(IConfiguration configuration, List<string> problems) =>
        ReadWholeNumber(configuration, Fault5xxPercentKey, Fault5xxPercentKey, fallback: 0, min: 0, max: 100,
            "the share of API requests answered 500 on purpose, for a delivery rehearsal", "to serve normally", problems);

    /// <summary>
    /// A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when unset; a
    /// bad value adds a problem naming the setting as it is set (<paramref name="name"/>), what it is for, and what unsetting it does.
    /// </summary>
    internal static int ReadWholeNumber(
        IConfiguration configuration, string key, string name, int fallback, int min, int max, string purpose, string whenUnset, List<string> problems)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problems.Add($"{name} must be a whole number from {min} to {max} ({purpose}), but is '{value}'; unset it {whenUnset}.");
        return fallback;
    }

    /// <summary>
    /// A number of seconds above 0 and at most <paramref name="max"/>, or <paramref name="fallback"/> when unset; a bad value
    /// adds a problem naming the setting as it is set (<paramref name="name"/>) and what it is for.
    /// </summary>
    internal static TimeSpan ReadSeconds(IConfiguration configuration, string key, string name, TimeSpan fallback, TimeSpan max, string purpose, List<string> problems)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= max.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        problems.Add(string.Create(CultureInfo.InvariantCulture,
            $"{name} must be a number of seconds above 0 and at most {max.TotalSeconds:0} ({purpose}), but is '{value}'; unset it for {fallback.TotalSeconds:0.#}."));
        return fallback;
    }

    private static List<int> ReadHttpPorts(IConfiguration configuration, List<string> problems)
    {
        var value = configuration[HttpPortsKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return [DefaultHttpPort];
        }

        var ports = new List<int>();
        foreach (var part in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
            {
                ports.Add(port);
            }
            else
            {
                problems.Add($"ASPNETCORE_HTTP_PORTS must be a ';'-separated list of ports from 1 to 65535, but contains '{part}'.");
                return ports;
            }
        }

        if (ports.Count == 0)
        {
            problems.Add("ASPNETCORE_HTTP_PORTS is set but names no port; set it to a port such as 8080, or unset it.");
        }

        return ports;
    }

    private static TimeSpan ReadDrainTimeout(IConfiguration configuration, List<string> problems) =>
        ReadSeconds(configuration, DrainTimeoutKey, "Shutdown__DrainTimeoutSeconds", DefaultDrainTimeout, TimeSpan.FromSeconds(MaxDrainTimeoutSeconds),
            "how long a stop lets requests in flight finish", problems);

    private static LogFormat ReadLogFormat(IConfiguration configuration, bool runningInContainer, List<string> problems)
    {
        var value = configuration[LogFormatKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return runningInContainer ? LogFormat.Json : LogFormat.Text;
        }

        if (Enum.TryParse<LogFormat>(value, ignoreCase: true, out var format) && Enum.IsDefined(format))
        {
            return format;
        }

        problems.Add($"Logging__Format must be 'json' or 'text', but is '{value}'.");
        return LogFormat.Text;
    }

    private static DatabaseSettings? ReadDatabase(
        IConfiguration configuration,
        string environmentName,
        string contentRootPath,
        bool runningInContainer,
        List<string> problems)
    {
        var migrateOnStartup = ReadMigrateOnStartup(configuration, environmentName, problems);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var databaseUrl = configuration[DatabaseUrlKey];
        var hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        var hasDatabaseUrl = !string.IsNullOrWhiteSpace(databaseUrl);

        DatabaseProvider provider;
        var providerValue = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(providerValue))
        {
            provider = hasConnectionString || hasDatabaseUrl ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        }
        else if (providerValue.Trim().ToUpperInvariant() is "SQLITE")
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (providerValue.Trim().ToUpperInvariant() is "POSTGRES" or "POSTGRESQL" or "NPGSQL")
        {
            provider = DatabaseProvider.Postgres;
        }
        else
        {
            problems.Add($"Database__Provider must be 'Sqlite' or 'Postgres', but is '{providerValue}'.");
            return null;
        }

        return provider == DatabaseProvider.Postgres
            ? ReadPostgres(hasConnectionString ? connectionString! : null, hasDatabaseUrl ? databaseUrl! : null, migrateOnStartup, problems)
            : ReadSqlite(configuration, hasConnectionString ? connectionString! : null, contentRootPath, runningInContainer, migrateOnStartup, problems);
    }

    private static bool ReadMigrateOnStartup(IConfiguration configuration, string environmentName, List<string> problems)
    {
        var isProduction = string.Equals(environmentName, "Production", StringComparison.OrdinalIgnoreCase);
        var value = configuration[MigrateOnStartupKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            // Development migrates for convenience; every other environment migrates only through the `migrate` command,
            // which the deploy stage runs once, under its lock, after a backup.
            return string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);
        }

        if (!bool.TryParse(value, out var migrate))
        {
            problems.Add($"Database__MigrateOnStartup must be 'true' or 'false', but is '{value}'.");
            return false;
        }

        if (migrate && isProduction)
        {
            problems.Add(
                "Database__MigrateOnStartup cannot be true in Production: migrations run once per deploy through the "
                + "`migrate` command (dotnet Catalog.Api.dll migrate), never at startup. Remove the setting.");
            return false;
        }

        return migrate;
    }

    private static DatabaseSettings? ReadPostgres(string? connectionString, string? databaseUrl, bool migrateOnStartup, List<string> problems)
    {
        string source;
        if (connectionString is not null)
        {
            source = "ConnectionStrings__Catalog";
        }
        else if (databaseUrl is not null)
        {
            source = "DATABASE_URL";
            try
            {
                connectionString = DatabaseUrl.ToNpgsqlConnectionString(databaseUrl);
            }
            catch (FormatException ex)
            {
                problems.Add(ex.Message);
                return null;
            }
        }
        else
        {
            problems.Add("Database__Provider is Postgres, but neither ConnectionStrings__Catalog nor DATABASE_URL is set.");
            return null;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The builder's messages name a keyword or an index, never a value, so they cannot leak the password.
            problems.Add($"{source} is not a valid PostgreSQL connection string: {ex.Message}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            problems.Add($"{source} names no Host; expected e.g. Host=db;Port=5432;Database=catalog;Username=catalog;Password=...");
            return null;
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"host={builder.Host} port={builder.Port} database={builder.Database ?? "(default)"} username={builder.Username ?? "(default)"}");
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString, description, migrateOnStartup);
    }

    private static DatabaseSettings? ReadSqlite(
        IConfiguration configuration,
        string? connectionString,
        string contentRootPath,
        bool runningInContainer,
        bool migrateOnStartup,
        List<string> problems)
    {
        if (connectionString is not null)
        {
            try
            {
                var custom = new SqliteConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(custom.DataSource))
                {
                    problems.Add("ConnectionStrings__Catalog names no Data Source for SQLite; expected e.g. Data Source=/app/data/catalog.db");
                    return null;
                }

                return new DatabaseSettings(DatabaseProvider.Sqlite, custom.ConnectionString, custom.DataSource, migrateOnStartup);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"ConnectionStrings__Catalog is not a valid SQLite connection string: {ex.Message}");
                return null;
            }
        }

        var directory = configuration[DataDirectoryKey];
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = runningInContainer ? ContainerDataDirectory : Path.Combine(contentRootPath, "data");
        }

        var file = Path.GetFullPath(Path.Combine(contentRootPath, directory, SqliteFileName));
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate };
        return new DatabaseSettings(DatabaseProvider.Sqlite, builder.ConnectionString, file, migrateOnStartup);
    }
}
