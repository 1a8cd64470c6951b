using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Api.Status;

/// <summary><c>/status</c>: service, version, commit, environment, startedAt, uptime.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", GetStatus).WithName("GetStatus");
        return app;
    }

    public static Ok<StatusResponse> GetStatus(BuildInfo build, ServiceStart start, IHostEnvironment environment, TimeProvider clock)
    {
        var uptime = clock.GetUtcNow() - start.StartedAt;
        var wholeSeconds = TimeSpan.FromSeconds(Math.Floor(uptime.TotalSeconds));
        return TypedResults.Ok(new StatusResponse(
            build.Service,
            build.Version,
            build.Commit,
            environment.EnvironmentName,
            start.StartedAt,
            wholeSeconds.ToString("c", CultureInfo.InvariantCulture),
            Math.Round(uptime.TotalSeconds, 3)));
    }
}
