using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

/// <summary>
/// Catalog.Api's smoke suite (docs/deploy.md, Smoke tests): a read always; with a JWT signing key, also a write —
/// create an item carrying the deploy's smoke marker, read it back, delete it (even when the read failed) — with a
/// short-lived token the build signs with the key the app verifies. Without a key the service is read-only, and so is
/// its suite.
/// </summary>
sealed partial class Build
{
    [Parameter("Catalog.Api's JWT signing key in the environment deployed (JWT_SIGNING_KEY, at least 32 bytes; unset: the service serves read-only and its smoke suite only reads)"), Secret]
    readonly string? JwtSigningKey;

    // The app's variables are all masked in logs as secrets, so the defaults are whole names that appear nowhere else.
    [Parameter("The issuer ('iss') Catalog.Api's tokens carry, with JwtSigningKey (your auth server's)")]
    readonly string JwtIssuer = "urn:catalog-api:issuer";

    [Parameter("The audience ('aud') Catalog.Api's tokens carry, with JwtSigningKey")]
    readonly string JwtAudience = "urn:catalog-api:audience";

    const string ItemsPath = "/api/v1/items";

    IReadOnlyList<SmokeCheck> CatalogApiSmokeTests
    {
        get
        {
            var read = new SmokeCheck { Name = "list items", Path = ItemsPath + "?pageSize=1", ExpectBodyContains = "\"items\"" };
            if (JwtSigningKey is not { Length: > 0 } key)
            {
                return [read];
            }

            var writer = new Dictionary<string, string> { ["Authorization"] = "Bearer " + SmokeToken(key) };
            return
            [
                read,
                new SmokeCheck
                {
                    Name = "create a smoke-test item", Method = "POST", Path = ItemsPath, Headers = writer, ExpectStatus = 201, Capture = "id",
                    Body = """{"sku":"{marker}","name":"Slipway smoke test","price":1,"stock":0}""",
                },
                new SmokeCheck { Name = "read it back", Path = ItemsPath + "/{id}", ExpectBodyContains = "{marker}" },
                new SmokeCheck { Name = "delete it", Method = "DELETE", Path = ItemsPath + "/{id}", Headers = writer, ExpectStatus = 204, AlwaysRun = true },
            ];
        }
    }

    /// <summary>The app's JWT settings, handed to its containers with the environment's other variables, when a key is set.</summary>
    IReadOnlyDictionary<string, string> CatalogApiJwtEnvironment => JwtSigningKey is { Length: > 0 } key
        ? new Dictionary<string, string> { ["JWT_SIGNING_KEY"] = key, ["JWT_ISSUER"] = JwtIssuer, ["JWT_AUDIENCE"] = JwtAudience }
        : new Dictionary<string, string>();

    /// <summary>An HS256 token for the smoke suite's writes (subject slipway-smoke), valid for 30 minutes: long enough for a canary and a bake.</summary>
    string SmokeToken(string key)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string Part(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
        var unsigned = Part(new { alg = "HS256", typ = "JWT" }) + "." +
            Part(new { sub = "slipway-smoke", iss = JwtIssuer, aud = JwtAudience, iat = now, nbf = now, exp = now + 1800 });
        return unsigned + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(unsigned)));
    }
}
