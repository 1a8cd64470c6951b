namespace Catalog.Api.Metrics;

/// <summary><c>/metrics</c> in Prometheus text format.</summary>
internal static class MetricsEndpoints
{
    public static IServiceCollection AddCatalogMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<CatalogMetrics>();
        services.AddSingleton(provider => new PrometheusExporter(
            provider.GetRequiredService<CatalogMetrics>().Meter, CatalogMetrics.DurationBuckets));
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithName("GetMetrics");
        return app;
    }
}
