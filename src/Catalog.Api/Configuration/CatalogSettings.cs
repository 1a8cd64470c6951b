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
    LogFormat LogFormat)
{
    /// <summary>
    /// The share of API requests answered 500 on purpose (<c>CATALOG_FAULT_5XX_PERCENT</c>), 0 (off) unless set: the
    /// broken build of a delivery rehearsal, which only the bake after the switch can catch.
    /// </summary>
    public int Fault5xxPercent { get; init; }
}
