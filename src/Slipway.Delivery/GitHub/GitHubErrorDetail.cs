using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>One entry of a 422 answer's <c>errors</c>, e.g. <c>{resource: Release, code: already_exists, field: tag_name}</c>.</summary>
internal sealed record GitHubErrorDetail(
    [property: JsonPropertyName("resource")] string? Resource,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("message")] string? Message);
