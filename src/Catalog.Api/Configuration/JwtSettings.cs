namespace Catalog.Api.Configuration;

/// <summary>How write requests are authenticated: bearer JWTs signed with HS256 by a party that shares the key.</summary>
/// <param name="SigningKey">The shared HS256 key (at least 32 bytes); never log it.</param>
/// <param name="Issuer">The <c>iss</c> every token must carry.</param>
/// <param name="Audience">The <c>aud</c> every token must carry, so a token minted for another service is refused.</param>
internal sealed record JwtSettings(byte[] SigningKey, string Issuer, string Audience)
{
    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => $"HS256 tokens from {Issuer} for {Audience}";
}
