using System.Text.Json.Serialization;

namespace Slipway.Delivery.GitHub;

/// <summary>What the authenticated token may do on a repository (present only in authenticated answers).</summary>
internal sealed record GitHubRepositoryPermissions(
    [property: JsonPropertyName("admin")] bool Admin,
    [property: JsonPropertyName("push")] bool Push,
    [property: JsonPropertyName("pull")] bool Pull);
