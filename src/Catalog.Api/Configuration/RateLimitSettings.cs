namespace Catalog.Api.Configuration;

/// <summary>The limit on write requests per client (its token's subject, else its address): a fixed window.</summary>
/// <param name="Enabled">Whether writes are limited at all.</param>
/// <param name="Permits">Writes a client may make per window.</param>
/// <param name="Window">The window's length.</param>
internal sealed record RateLimitSettings(bool Enabled, int Permits, TimeSpan Window);
