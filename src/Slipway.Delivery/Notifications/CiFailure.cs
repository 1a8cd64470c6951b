using System.Text.Json;

namespace Slipway.Delivery.Notifications;

/// <summary>
/// The event of a failed CI run of the default branch, from what GitHub Actions tells a job: the workflow, branch,
/// commit and actor, and the other jobs' results (<c>GITHUB_NEEDS</c>, the <c>needs</c> context as JSON).
/// </summary>
internal static class CiFailure
{
    public static DeliveryEvent Event(Func<string, string?> environment, string? runUrl)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var workflow = environment("GITHUB_WORKFLOW") is { Length: > 0 } w ? w : "CI";
        var branch = environment("GITHUB_REF_NAME") is { Length: > 0 } b ? b : "the default branch";
        var commit = environment("GITHUB_SHA") is { Length: >= 7 } sha ? sha[..7] : null;
        var failed = FailedJobs(environment("GITHUB_NEEDS"));
        var summary = $"{workflow} failed on {branch}" + (commit is null ? string.Empty : $" at {commit}") +
            (failed.Count > 0 ? $": {string.Join(", ", failed)} failed." : ".");
        return new DeliveryEvent(DeliveryEventKind.CiFailed, Environment: null, Version: null, summary)
        {
            Who = environment("GITHUB_ACTOR"),
            RunUrl = runUrl,
        };
    }

    /// <summary>The jobs whose result is <c>failure</c>, in the order the workflow lists them; none when the JSON is missing or unreadable.</summary>
    public static IReadOnlyList<string> FailedJobs(string? needsJson)
    {
        if (needsJson is not { Length: > 0 })
        {
            return [];
        }

        try
        {
            using var needs = JsonDocument.Parse(needsJson);
            return needs.RootElement.ValueKind != JsonValueKind.Object
                ? []
                : [.. needs.RootElement.EnumerateObject()
                    .Where(job => job.Value.ValueKind == JsonValueKind.Object && job.Value.TryGetProperty("result", out var result)
                        && result.ValueKind == JsonValueKind.String && result.GetString() == "failure")
                    .Select(job => job.Name)];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
