using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// Mints HS256 JWTs by hand (header, claims, HMAC-SHA256, base64url: RFC 7519), not with the library the service
/// validates them with, so the tests prove the service accepts a standard token rather than its own library's output.
/// </summary>
public static class TestTokens
{
    public const string SigningKey = "catalog-tests-signing-key-0123456789-abcdefghij";
    public const string Issuer = "https://auth.catalog.test";
    public const string Audience = "catalog-api";

    /// <summary>The service settings that accept <see cref="Mint"/>'s tokens.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["JWT_SIGNING_KEY"] = SigningKey,
        ["JWT_ISSUER"] = Issuer,
        ["JWT_AUDIENCE"] = Audience,
    };

    /// <summary><see cref="Settings"/> as environment variables for a service process.</summary>
    public static (string Name, string Value)[] Environment => [.. Settings.Select(setting => (setting.Key, setting.Value!))];

    /// <summary>A token the service accepts unless a parameter says otherwise.</summary>
    /// <param name="expires">When it expires; default: in an hour.</param>
    /// <param name="algorithm">The header's <c>alg</c>; <c>none</c> leaves the signature empty.</param>
    public static string Mint(
        string subject = "catalog-tests",
        string issuer = Issuer,
        string audience = Audience,
        string key = SigningKey,
        DateTimeOffset? expires = null,
        string algorithm = "HS256")
    {
        var now = DateTimeOffset.UtcNow;
        var header = Encode(new { alg = algorithm, typ = "JWT" });
        var claims = Encode(new
        {
            sub = subject,
            iss = issuer,
            aud = audience,
            iat = now.ToUnixTimeSeconds(),
            nbf = now.AddMinutes(-1).ToUnixTimeSeconds(),
            exp = (expires ?? now.AddHours(1)).ToUnixTimeSeconds(),
        });
        var signingInput = $"{header}.{claims}";
        var signature = algorithm == "none"
            ? string.Empty
            : Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    /// <summary>An <c>Authorization: Bearer</c> header value carrying <paramref name="token"/> (default: a valid one).</summary>
    public static AuthenticationHeaderValue Bearer(string? token = null) => new("Bearer", token ?? Mint());

    private static string Encode(object value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
