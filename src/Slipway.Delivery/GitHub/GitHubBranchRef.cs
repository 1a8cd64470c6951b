using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>A pull request's <c>head</c> or <c>base</c>: the branch name and the commit it pointed at.</summary>
internal sealed record GitHubBranchRef(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("sha")] string? Sha);
