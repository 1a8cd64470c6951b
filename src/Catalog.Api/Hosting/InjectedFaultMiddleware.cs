using Catalog.Api.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace Catalog.Api.Hosting;

/// <summary>
/// A delivery rehearsal's broken build (<c>CATALOG_FAULT_5XX_PERCENT</c>): answers that share of API requests 500.
/// Health, readiness and status answer normally, so the deploy's readiness gate and version probe pass and only the
/// bake, watching the error rate after the switch, can catch it — as with a real defect that breaks only under traffic.
/// Registered only when the setting is above 0.
/// </summary>
internal sealed class InjectedFaultMiddleware(RequestDelegate next, CatalogSettings settings, IProblemDetailsService problemDetails)
{
    // Routing ignores case, so must the fault: /API/v1/items reaches the same endpoint.
    private static readonly PathString Api = "/api";

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394", Justification = "Picks which requests of a rehearsal's deliberately broken build answer 500; nothing secret depends on it.")]
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase) || Random.Shared.Next(100) >= settings.Fault5xxPercent)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Injected fault",
                Detail = $"{CatalogSettingsReader.Fault5xxPercentKey}={settings.Fault5xxPercent}: this build fails API requests on purpose (a delivery rehearsal).",
            },
        });
    }
}
