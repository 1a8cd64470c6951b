using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>The body of <c>POST /repos/{owner}/{repo}/releases</c> for a release on an existing tag.</summary>
internal sealed record NewGitHubRelease(
    [property: JsonPropertyName("tag_name")] string TagName,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("prerelease")] bool Prerelease)
{
    [JsonPropertyName("draft")]
    public bool Draft { get; init; }
}
