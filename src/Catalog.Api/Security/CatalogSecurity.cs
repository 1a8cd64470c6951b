using System.Globalization;
using System.Threading.RateLimiting;
using Catalog.Api.Configuration;
using Catalog.Api.Observability;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.IdentityModel.Tokens;

namespace Catalog.Api.Security;

/// <summary>
/// Who may do what: reads, probes and <c>/status</c> are anonymous; writes need a valid bearer token
/// (<see cref="WritePolicy"/>) and are rate-limited per client; browsers may call the items API only from the configured
/// origins (<see cref="CorsPolicy"/>).
/// </summary>
internal static class CatalogSecurity
{
    /// <summary>The authorization and rate-limiting policy of every write endpoint.</summary>
    public const string WritePolicy = "catalog-writes";

    /// <summary>The CORS policy of the items API.</summary>
    public const string CorsPolicy = "catalog-browsers";

    public static IServiceCollection AddCatalogSecurity(this IServiceCollection services, SecuritySettings settings)
    {
        // The edge (on this host, so a loopback peer: the middleware's default trusted proxies) sets X-Forwarded-For from
        // the client's own address; without this, every client behind the edge would share one rate-limit partition.
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options => ConfigureJwtBearer(options, settings.Jwt));
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, policy => policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter =
                        ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(WritePolicy, context => settings.RateLimit is { Enabled: true } limit
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.Permits,
                    Window = limit.Window,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });

        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins([.. settings.CorsOrigins])
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete)
            .WithHeaders("Authorization", "Content-Type", CorrelationId.HeaderName)
            .WithExposedHeaders("Location", "Retry-After", CorrelationId.HeaderName)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>
    /// The security middleware, in the order it must run: CORS answers preflights before authorization would refuse them,
    /// authentication names the client the rate limiter counts, and only then does authorization turn anonymous writes away.
    /// </summary>
    public static WebApplication UseCatalogSecurity(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureJwtBearer(JwtBearerOptions options, JwtSettings? jwt)
    {
        // Claims keep their JWT names ('sub', not a WS-Federation URI).
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt?.Issuer,
            ValidAudience = jwt?.Audience,
            IssuerSigningKey = jwt is null ? null : new SymmetricSecurityKey(jwt.SigningKey),
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,

            // Only the algorithm the key is for: no 'none', and no public-key algorithm a forger could pair with this key.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
        };

        if (jwt is null)
        {
            // Without a key no token can be valid: do not even parse them (every write gets 401).
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    context.NoResult();
                    return Task.CompletedTask;
                },
            };
        }
    }

    /// <summary>A writer is counted by its token's subject, an anonymous caller by its address.</summary>
    private static string ClientOf(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
