namespace Slipway.Delivery.Image;

/// <summary>What the Push stage publishes: the record DockerBuild wrote, and how to log in.</summary>
internal sealed record ImagePushRequest
{
    /// <summary>The <c>image.json</c> written by DockerBuild; the digest is added to it.</summary>
    public required string RecordPath { get; init; }

    /// <summary>Explicit login; null uses what the Docker CLI already has (its credential store or helpers).</summary>
    public RegistryCredentials? Credentials { get; init; }

    public PushRetryOptions Retry { get; init; } = PushRetryOptions.Default;
}
