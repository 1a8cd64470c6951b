using System.Diagnostics;

namespace Catalog.Api.Metrics;

/// <summary>Records every request's count, latency and in-flight state under its route template.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, CatalogMetrics metrics)
{
    /// <summary>The route label of requests no endpoint matched: the raw path would let anyone create series.</summary>
    public const string UnmatchedRoute = "unmatched";

    /// <summary>A group's root endpoint has the template "/api/v1/items/"; the label drops that trailing slash.</summary>
    internal static string RouteLabel(string template) =>
        template.Length > 1 && template.EndsWith('/') ? template.TrimEnd('/') : template;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        // Routing already ran (WebApplication adds it first); read the endpoint now because the exception handler
        // clears it before re-executing for a 500.
        var endpoint = context.GetEndpoint();
        var statusCode = StatusCodes.Status500InternalServerError;
        metrics.RequestStarted();
        try
        {
            await next(context);
            statusCode = context.Response.StatusCode;
        }
        finally
        {
            var route = (endpoint ?? context.GetEndpoint()) is RouteEndpoint { RoutePattern.RawText: { } template }
                ? RouteLabel(template)
                : UnmatchedRoute;
            metrics.RequestCompleted(context.Request.Method, route, statusCode, Stopwatch.GetElapsedTime(started));
        }
    }
}
