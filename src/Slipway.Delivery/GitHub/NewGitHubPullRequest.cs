using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>The body of <c>POST /repos/{owner}/{repo}/pulls</c>: a pull request from a branch of the same repository.</summary>
internal sealed record NewGitHubPullRequest(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("head")] string Head,
    [property: JsonPropertyName("base")] string Base,
    [property: JsonPropertyName("body")] string Body);
