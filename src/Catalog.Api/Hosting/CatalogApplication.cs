using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Catalog.Api.Errors;
using Catalog.Api.Health;
using Catalog.Api.Items;
using Catalog.Api.Metrics;
using Catalog.Api.Observability;
using Catalog.Api.Security;
using Catalog.Api.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Catalog.Api.Hosting;

/// <summary>Builds and runs the web host: configuration checks, services, middleware and endpoints, in that order.</summary>
internal static partial class CatalogApplication
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (InvalidConfigurationException ex)
        {
            // Logging may be what is misconfigured, so this goes straight to stderr.
            await Console.Error.WriteLineAsync($"catalog-api: invalid configuration:{Environment.NewLine}{ex.Message}");
            return ServiceExitCodes.InvalidConfiguration;
        }

        await using (app)
        {
            try
            {
                await MigrateIfConfiguredAsync(app);
                await app.RunAsync();
                return ServiceExitCodes.Success;
            }
            catch (Exception ex) when (ex is not HostAbortedException)
            {
                Crashed(app.Logger, ex);
                return ServiceExitCodes.Failure;
            }
        }
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var (settings, security) = CatalogSettingsReader.ReadForWebHost(
            builder.Configuration, builder.Environment.EnvironmentName, builder.Environment.ContentRootPath);
        CatalogDatabase.EnsureStorage(settings.Database);

        // Kestrel's own default is localhost:5000; the service's contract (and the container's) is 8080 on all interfaces.
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.HttpPortsKey]))
        {
            builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, string.Join(';', settings.HttpPorts));
        }

        // On SIGTERM the host stops accepting connections and gives in-flight requests this long to finish.
        builder.Host.ConfigureHostOptions(options => options.ShutdownTimeout = settings.DrainTimeout);
        builder.Logging.ClearProviders().AddProvider(CatalogLogging.CreateProvider(settings.LogFormat));

        var build = BuildInfo.FromAssembly(typeof(CatalogApplication).Assembly);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services
            .AddSingleton(settings)
            .AddSingleton(build)
            .AddSingleton(new ServiceStart(TimeProvider.System.GetUtcNow()))
            .AddCatalogDatabase(settings.Database)
            .AddCatalogProblemDetails()
            .AddCatalogHealthChecks()
            .AddCatalogMetrics()
            .AddCatalogSecurity(security);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<RequestMetricsMiddleware>();
        if (settings.Fault5xxPercent > 0)
        {
            // After the metrics and the access log, so the broken build's 500s show where a real failure's would.
            app.UseMiddleware<InjectedFaultMiddleware>();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCatalogSecurity();

        app.MapItemsEndpoints();
        app.MapHealthEndpoints();
        app.MapStatusEndpoints();
        app.MapMetricsEndpoints();

        // Created now so the exporter listens before the first request is measured.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => Started(
            app.Logger, build.Version, build.Commit, app.Environment.EnvironmentName, settings.Database.Provider,
            settings.Database.SafeDescription));
        lifetime.ApplicationStarted.Register(() => LogWriteAccess(app.Logger, security));
        if (settings.Fault5xxPercent > 0)
        {
            lifetime.ApplicationStarted.Register(() => FaultInjected(app.Logger, settings.Fault5xxPercent, CatalogSettingsReader.Fault5xxPercentKey));
        }

        lifetime.ApplicationStopping.Register(() => Draining(app.Logger, settings.DrainTimeout.TotalSeconds));
        return app;
    }

    private static void LogWriteAccess(ILogger logger, SecuritySettings security)
    {
        var origins = security.CorsOrigins.Count == 0 ? "none" : string.Join(", ", security.CorsOrigins);
        if (security.Jwt is { } jwt)
        {
            var limit = security.RateLimit.Enabled
                ? $"{security.RateLimit.Permits} per {security.RateLimit.Window.TotalSeconds} s per client"
                : "off";
            WritesNeedTokens(logger, jwt.Issuer, jwt.Audience, limit, origins);
        }
        else
        {
            WritesRefused(logger, SecuritySettingsReader.SigningKeyKey, origins);
        }
    }

    private static async Task MigrateIfConfiguredAsync(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<CatalogSettings>();
        if (!settings.Database.MigrateOnStartup)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            MigratingOnStartup(app.Logger, pending.Count, app.Environment.EnvironmentName);
            await db.Database.MigrateAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "catalog-api {Version} ({Commit}) started in {Environment} on {Provider} database {Target}")]
    private static partial void Started(ILogger logger, string version, string commit, string environment, DatabaseProvider provider, string target);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Stopping: no new connections; in-flight requests get up to {DrainSeconds} s to finish")]
    private static partial void Draining(ILogger logger, double drainSeconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Applying {Count} pending migration(s) at startup ({Environment} only; other environments run `migrate`)")]
    private static partial void MigratingOnStartup(ILogger logger, int count, string environment);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "catalog-api stopped unexpectedly")]
    private static partial void Crashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "Answering {Percent} % of API requests with 500 on purpose ({Setting}, a delivery rehearsal's broken build); health and status answer normally")]
    private static partial void FaultInjected(ILogger logger, int percent, string setting);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "Writes need a bearer token from {Issuer} for {Audience}; write rate limit: {RateLimit}; CORS origins: {Origins}")]
    private static partial void WritesNeedTokens(ILogger logger, string issuer, string audience, string rateLimit, string origins);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "Read-only: {Setting} is not set, so every write is refused with 401; CORS origins: {Origins}")]
    private static partial void WritesRefused(ILogger logger, string setting, string origins);
}
