using Microsoft.AspNetCore.Diagnostics;

namespace Catalog.Api.Errors;

/// <summary>
/// Answers requests the framework could not bind (malformed JSON, a string where a number belongs, a wrong content
/// type) with an RFC 7807 validation problem naming the field, instead of an empty 400.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = new HttpValidationProblemDetails(RequestErrors.From(badRequest))
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status400BadRequest
                ? "The request body is not valid JSON for this endpoint."
                : badRequest.Message,
        };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
