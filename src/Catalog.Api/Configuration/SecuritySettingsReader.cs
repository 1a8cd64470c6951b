using System.Globalization;
using System.Text;

namespace Catalog.Api.Configuration;

/// <summary>
/// Reads and validates <see cref="SecuritySettings"/>. Only the web host reads them: the commands serve no request, so a
/// migration or a backup never depends on the signing key being present.
/// </summary>
internal static class SecuritySettingsReader
{
    public const string SigningKeyKey = "JWT_SIGNING_KEY";
    public const string SigningKeyFileKey = "JWT_SIGNING_KEY_FILE";
    public const string IssuerKey = "JWT_ISSUER";
    public const string AudienceKey = "JWT_AUDIENCE";
    public const string AuthRequiredKey = "AUTH_REQUIRED";
    public const string RateLimitEnabledKey = "RATE_LIMIT_ENABLED";
    public const string RateLimitPermitsKey = "RATE_LIMIT_PERMITS";
    public const string RateLimitWindowKey = "RATE_LIMIT_WINDOW_SECONDS";
    public const string CorsOriginsKey = "CORS_ORIGINS";

    /// <summary>An HS256 key shorter than the hash it keys (256 bits) weakens it (RFC 7518 §3.2).</summary>
    public const int MinimumKeyBytes = 32;

    public const int DefaultRateLimitPermits = 60;
    public static readonly TimeSpan DefaultRateLimitWindow = TimeSpan.FromSeconds(60);

    private const int MaxRateLimitPermits = 1_000_000;
    private const double MaxRateLimitWindowSeconds = 86_400;
    private const string GenerateKeyHint = "generate one with `openssl rand -base64 48`";

    /// <summary>Returns the settings, adding a message to <paramref name="problems"/> for every invalid value.</summary>
    public static SecuritySettings Read(IConfiguration configuration, List<string> problems) => new(
        ReadJwt(configuration, problems),
        ReadRateLimit(configuration, problems),
        ReadCorsOrigins(configuration, problems));

    private static JwtSettings? ReadJwt(IConfiguration configuration, List<string> problems)
    {
        var required = ReadBool(configuration, AuthRequiredKey, defaultValue: false, problems);
        var issuer = configuration[IssuerKey]?.Trim();
        var audience = configuration[AudienceKey]?.Trim();
        var problemsBefore = problems.Count;
        var key = ReadSigningKey(configuration, problems);
        if (problems.Count > problemsBefore)
        {
            return null;
        }

        if (key is null)
        {
            if (required)
            {
                problems.Add(
                    $"{AuthRequiredKey} is true, but {SigningKeyKey} is not set: set it (or {SigningKeyFileKey}, a file holding it) to a " +
                    $"random secret of at least {MinimumKeyBytes} bytes ({GenerateKeyHint}), with {IssuerKey} and {AudienceKey}.");
            }
            else if (!string.IsNullOrEmpty(issuer) || !string.IsNullOrEmpty(audience))
            {
                // Half a configuration means someone meant writes to work: say so instead of starting read-only.
                problems.Add(
                    $"{IssuerKey} or {AudienceKey} is set, but {SigningKeyKey} is not: set it (or {SigningKeyFileKey}) too, " +
                    "or unset them to serve read-only.");
            }

            return null;
        }

        if (string.IsNullOrEmpty(issuer))
        {
            problems.Add($"{IssuerKey} is required with {SigningKeyKey}: the 'iss' every token must carry, e.g. https://auth.example.com.");
        }

        if (string.IsNullOrEmpty(audience))
        {
            problems.Add($"{AudienceKey} is required with {SigningKeyKey}: the 'aud' every token must carry, e.g. catalog-api.");
        }

        return string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(audience) ? null : new JwtSettings(key, issuer, audience);
    }

    /// <summary>The key's bytes, null when neither setting is there; problems never quote the key.</summary>
    private static byte[]? ReadSigningKey(IConfiguration configuration, List<string> problems)
    {
        var value = configuration[SigningKeyKey];
        var file = configuration[SigningKeyFileKey];
        if (!string.IsNullOrEmpty(value) && !string.IsNullOrEmpty(file))
        {
            problems.Add($"{SigningKeyKey} and {SigningKeyFileKey} are both set: set only one.");
            return null;
        }

        var source = SigningKeyKey;
        if (!string.IsNullOrEmpty(file))
        {
            source = $"The file {file} named by {SigningKeyFileKey}";
            try
            {
                // A line break that `echo` or an editor added is not part of the key.
                value = File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problems.Add($"{SigningKeyFileKey} names a file that cannot be read ({file}): {ex.Message}");
                return null;
            }
        }
        else if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var key = Encoding.UTF8.GetBytes(value);
        if (key.Length < MinimumKeyBytes || string.IsNullOrWhiteSpace(value))
        {
            problems.Add(
                $"{source} is too weak for HS256: it must hold at least {MinimumKeyBytes} bytes (256 bits) of random text; {GenerateKeyHint}.");
            return null;
        }

        return key;
    }

    private static RateLimitSettings ReadRateLimit(IConfiguration configuration, List<string> problems)
    {
        var enabled = ReadBool(configuration, RateLimitEnabledKey, defaultValue: true, problems);

        var permits = DefaultRateLimitPermits;
        var permitsValue = configuration[RateLimitPermitsKey];
        if (!string.IsNullOrWhiteSpace(permitsValue)
            && !(int.TryParse(permitsValue, NumberStyles.None, CultureInfo.InvariantCulture, out permits) && permits is >= 1 and <= MaxRateLimitPermits))
        {
            problems.Add($"{RateLimitPermitsKey} must be a whole number from 1 to {MaxRateLimitPermits}, but is '{permitsValue}'.");
            permits = DefaultRateLimitPermits;
        }

        var window = DefaultRateLimitWindow;
        var windowValue = configuration[RateLimitWindowKey];
        if (!string.IsNullOrWhiteSpace(windowValue))
        {
            if (double.TryParse(windowValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds > 0 && seconds <= MaxRateLimitWindowSeconds)
            {
                window = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                problems.Add($"{RateLimitWindowKey} must be a number of seconds above 0 and at most {MaxRateLimitWindowSeconds}, but is '{windowValue}'.");
            }
        }

        return new RateLimitSettings(enabled, permits, window);
    }

    private static List<string> ReadCorsOrigins(IConfiguration configuration, List<string> problems)
    {
        var origins = new List<string>();
        var value = configuration[CorsOriginsKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return origins;
        }

        foreach (var entry in value.Split([',', ';', ' '], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('*', StringComparison.Ordinal))
            {
                problems.Add($"{CorsOriginsKey} lists '{entry}': wildcards would let any web page call the API; list each origin, e.g. https://shop.example.com.");
            }
            else if (Uri.TryCreate(entry, UriKind.Absolute, out var uri)
                && uri.Scheme is "https" or "http"
                && uri.AbsolutePath == "/" && !entry.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0)
            {
                // The form browsers send in Origin: scheme://host[:port], lower case, without a default port.
                var origin = uri.GetLeftPart(UriPartial.Authority);
                if (!origins.Contains(origin, StringComparer.Ordinal))
                {
                    origins.Add(origin);
                }
            }
            else
            {
                problems.Add($"{CorsOriginsKey} lists '{entry}', which is not an origin: expected scheme://host[:port] such as https://shop.example.com, without a path.");
            }
        }

        return origins;
    }

    private static bool ReadBool(IConfiguration configuration, string key, bool defaultValue, List<string> problems)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }

        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        problems.Add($"{key} must be 'true' or 'false', but is '{value}'.");
        return defaultValue;
    }
}
