namespace Catalog.Api.Configuration;

/// <summary>Where the catalog is stored, resolved and validated from configuration.</summary>
/// <param name="Provider">The database engine.</param>
/// <param name="ConnectionString">The provider's connection string; may hold a password, so never log it.</param>
/// <param name="SafeDescription">A description of the target without credentials, fit for logs.</param>
/// <param name="MigrateOnStartup">Whether the web host applies pending migrations before serving (never in Production).</param>
internal sealed record DatabaseSettings(
    DatabaseProvider Provider,
    string ConnectionString,
    string SafeDescription,
    bool MigrateOnStartup)
{
    /// <summary>Keeps the connection string (and its password) out of logs and exception messages.</summary>
    public override string ToString() => $"{Provider}: {SafeDescription}";
}
