using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>The fields of GitHub's pull request object that Slipway reads.</summary>
internal sealed record GitHubPullRequest(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("html_url")] string? HtmlUrl,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("head")] GitHubBranchRef? Head,
    [property: JsonPropertyName("base")] GitHubBranchRef? Base);
