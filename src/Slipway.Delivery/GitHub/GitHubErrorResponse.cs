using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>GitHub's error body: a message, a documentation link and, for validation failures, details.</summary>
internal sealed record GitHubErrorResponse(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("documentation_url")] string? DocumentationUrl,
    [property: JsonPropertyName("errors")] IReadOnlyList<GitHubErrorDetail>? Errors);
