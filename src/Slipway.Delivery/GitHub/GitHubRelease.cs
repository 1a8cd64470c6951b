using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>The fields of GitHub's release object that Slipway reads.</summary>
internal sealed record GitHubRelease(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("tag_name")] string TagName,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("html_url")] string? HtmlUrl,
    [property: JsonPropertyName("prerelease")] bool Prerelease,
    [property: JsonPropertyName("draft")] bool Draft);
