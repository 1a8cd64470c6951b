using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>The fields of GitHub's repository object that Slipway reads.</summary>
internal sealed record GitHubRepository(
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("html_url")] string? HtmlUrl,
    [property: JsonPropertyName("permissions")] GitHubRepositoryPermissions? Permissions);
