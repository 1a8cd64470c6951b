using Catalog.Api.Observability;

namespace Catalog.Api.Errors;

/// <summary>Every error is an RFC 7807 problem (application/problem+json) carrying the request's correlation id.</summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddCatalogProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (CorrelationId.Get(context.HttpContext) is { } correlationId)
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId;
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();

        // Throwing (instead of answering a bare 400) lets BadRequestExceptionHandler say which field was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
