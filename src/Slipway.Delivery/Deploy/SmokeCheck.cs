using System.Text.RegularExpressions;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One HTTP request of an environment's smoke suite (<see cref="DeployEnvironment.SmokeTests"/>) and what its answer must
/// be. Checks run in order; <c>{name}</c> in the path, body or a header is replaced by a value an earlier check captured,
/// or by <c>{marker}</c> — <c>slipway-smoke-&lt;deploy id&gt;-&lt;preview|public&gt;</c>, unique per deploy and stage, for test data a cleanup check can
/// find and delete. Header values are treated as secrets: masked in every log line.
/// </summary>
public sealed partial record SmokeCheck
{
    /// <summary>What the check proves, in the log and the deploy record (<c>create an item</c>).</summary>
    public required string Name { get; init; }

    public string Method { get; init; } = "GET";

    /// <summary>Path and query, starting with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>The request body (sent as <see cref="ContentType"/>), or null for none.</summary>
    public string? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    /// <summary>Extra request headers, e.g. <c>Authorization</c>; values are masked in logs.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public int ExpectStatus { get; init; } = 200;

    /// <summary>Text the response body must contain (after placeholders are replaced), or null.</summary>
    public string? ExpectBodyContains { get; init; }

    /// <summary>A top-level property of the JSON answer to keep as <c>{Capture}</c> for the checks after it (e.g. <c>id</c>).</summary>
    public string? Capture { get; init; }

    /// <summary>Runs even when an earlier check failed, to clean up what the suite created (a delete); a check it depends on that never captured its value is skipped.</summary>
    public bool AlwaysRun { get; init; }

    public SmokeStages Stages { get; init; } = SmokeStages.Both;

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(char.IsControl))
        {
            yield return "a smoke check needs a Name of one line.";
        }

        if (Method is not ("GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE"))
        {
            yield return $"smoke check '{Name}': Method '{Method}' must be GET, HEAD, POST, PUT, PATCH or DELETE.";
        }

        if (Path is null || !Path.StartsWith('/') || Path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return $"smoke check '{Name}': Path '{Path}' must start with '/' and contain no spaces or control characters.";
        }

        foreach (var (header, value) in Headers ?? new Dictionary<string, string>())
        {
            if (!HeaderName().IsMatch(header ?? string.Empty) || value is null || value.Any(c => c is '\r' or '\n'))
            {
                yield return $"smoke check '{Name}': header '{header}' must be a plain header name with a one-line value.";
            }
        }

        if (ContentType is null || ContentType.Any(char.IsControl))
        {
            yield return $"smoke check '{Name}': ContentType must be one line.";
        }

        if (ExpectStatus is < 100 or > 599)
        {
            yield return $"smoke check '{Name}': ExpectStatus {ExpectStatus} is not an HTTP status.";
        }

        if (Capture is not null && !CaptureName().IsMatch(Capture))
        {
            yield return $"smoke check '{Name}': Capture '{Capture}' must be a JSON property name of letters, digits and '_'.";
        }

        if (Stages is 0 || (Stages & ~SmokeStages.Both) != 0)
        {
            yield return $"smoke check '{Name}': Stages must be Preview, Public or Both.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex CaptureName();
}
