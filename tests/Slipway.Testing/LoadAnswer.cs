namespace Slipway.Testing;

/// <summary>
/// One request of an <see cref="HttpLoadGenerator"/>: when it finished (since the load started), the status code and
/// the body. A request that got no response at all (refused, reset, timed out) has status 0 and the error as its body.
/// </summary>
public sealed record LoadAnswer(TimeSpan At, int Status, string Body)
{
    /// <summary>No response at all: what wrk counts as a socket error.</summary>
    public bool IsSocketError => Status == 0;

    /// <summary>A 200: the body is the version that answered.</summary>
    public bool IsSuccess => Status == 200;
}
