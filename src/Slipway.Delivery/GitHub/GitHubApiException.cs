using Slipway.Engine.Logging;

namespace Slipway.Delivery.GitHub;

/// <summary>GitHub answered with an error; the message says what it means for the user and what to do.</summary>
internal sealed class GitHubApiException : Exception
{
    public GitHubApiException(int statusCode, string message, GitHubErrorResponse? error = null, bool isRateLimited = false)
        : base(SecretMasker.Apply(message))
    {
        StatusCode = statusCode;
        Error = error;
        IsRateLimited = isRateLimited;
    }

    public GitHubApiException()
    {
    }

    public GitHubApiException(string message)
        : base(SecretMasker.Apply(message))
    {
    }

    public GitHubApiException(string message, Exception innerException)
        : base(SecretMasker.Apply(message), innerException)
    {
    }

    /// <summary>The HTTP status, or 0 when GitHub could not be reached at all.</summary>
    public int StatusCode { get; }

    public GitHubErrorResponse? Error { get; }

    /// <summary>422 with <c>code: already_exists</c>: the thing to create is there already.</summary>
    public bool IsAlreadyExists =>
        StatusCode == 422 && Error?.Errors?.Any(e => string.Equals(e.Code, "already_exists", StringComparison.Ordinal)) == true;

    /// <summary>GitHub's rate limit stopped the request and waiting for it was not possible: re-running later helps.</summary>
    public bool IsRateLimited { get; }

    /// <summary>Bad token, missing permission or unknown repository: retrying will not help, the input must change.</summary>
    public bool IsCallerError => StatusCode is 401 or 404 || (StatusCode == 403 && !IsRateLimited);
}
