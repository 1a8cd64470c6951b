using System.Diagnostics;

namespace Catalog.Api.Observability;

/// <summary>
/// One log event per request, with method, path, status and duration (the correlation id comes from the enclosing
/// scope). Stands in for Serilog.AspNetCore's UseSerilogRequestLogging, which does not restore from this feed. The path
/// is logged without its query string, which may carry tokens.
/// </summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            // Only reached when nothing inside turned the exception into a response; the server answers 500.
            Log(context, LogLevel.Error, ex, StatusCodes.Status500InternalServerError, started);
            throw;
        }

        var status = context.Response.StatusCode;
        Log(context, LevelFor(context.Request.Path, status), null, status, started);
    }

    /// <summary>Probes and scrapes arrive every few seconds: they are logged at Debug unless they fail.</summary>
    internal static LogLevel LevelFor(PathString path, int status) =>
        status >= StatusCodes.Status500InternalServerError ? LogLevel.Error
        : path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
          || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) ? LogLevel.Debug
        : LogLevel.Information;

    private void Log(HttpContext context, LogLevel level, Exception? exception, int status, long started)
    {
        if (logger.IsEnabled(level))
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var path = context.Request.Path.Value ?? "/";
            RequestCompleted(logger, level, exception, context.Request.Method, path, status, elapsed);
        }
    }

    [LoggerMessage(EventId = 1, Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms")]
    private static partial void RequestCompleted(
        ILogger logger, LogLevel level, Exception? exception, string requestMethod, string requestPath, int statusCode, double elapsed);
}
