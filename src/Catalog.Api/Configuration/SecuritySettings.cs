namespace Catalog.Api.Configuration;

/// <summary>What only the web host needs: who may write, how often, and which browser origins may call the API.</summary>
/// <param name="Jwt">How writers authenticate; null when no signing key is configured, and then every write is refused.</param>
/// <param name="RateLimit">The limit on writes per client.</param>
/// <param name="CorsOrigins">Origins (<c>https://shop.example.com</c>) whose pages may call the items API; empty: none.</param>
internal sealed record SecuritySettings(JwtSettings? Jwt, RateLimitSettings RateLimit, IReadOnlyList<string> CorsOrigins);
