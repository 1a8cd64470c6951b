namespace Catalog.Api.Configuration;

/// <summary>The service's validated configuration; built once at startup by <see cref="CatalogSettingsReader"/>.</summary>
/// <param name="Database">Where the catalog is stored.</param>
/// <param name="HttpPorts">The ports Kestrel listens on (all interfaces).</param>
/// <param name="DrainTimeout">How long a stopping host waits for in-flight requests.</param>
/// <param name="LogFormat">How logs are written to stdout.</param>
internal sealed record CatalogSettings(
    DatabaseSettings Database,
    IReadOnlyList<int> HttpPorts,
    TimeSpan DrainTimeout,
    LogFormat LogFormat);
