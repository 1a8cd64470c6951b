namespace Catalog.Api.Observability;

/// <summary>Assigns the request's correlation id, echoes it in the response and adds it to every log event of the request.</summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = CorrelationId.Accept(context.Request.Headers[CorrelationId.HeaderName]) ?? CorrelationId.New();
        CorrelationId.Set(context, correlationId);

        // OnStarting rather than setting the header now: the exception handler clears headers before writing a 500.
        context.Response.OnStarting(
            static state =>
            {
                var (response, id) = ((HttpResponse, string))state;
                response.Headers[CorrelationId.HeaderName] = id;
                return Task.CompletedTask;
            },
            (context.Response, correlationId));

        using (logger.BeginScope(new Dictionary<string, object> { [CorrelationId.LogPropertyName] = correlationId }))
        {
            await next(context);
        }
    }
}
