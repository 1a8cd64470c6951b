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

    /// <summary>"false" for a patch of an older line, which must not become the repository's latest release; unset: GitHub decides (the newest by date and version).</summary>
    [JsonPropertyName("make_latest")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MakeLatest { get; init; }
}
