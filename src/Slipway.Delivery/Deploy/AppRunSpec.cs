namespace Slipway.Delivery.Deploy;

/// <summary>What <see cref="DeployCommands.RunApp"/> needs to start one version of the app.</summary>
internal sealed record AppRunSpec
{
    public required string Name { get; init; }

    /// <summary>By digest: <c>registry/repository@sha256:…</c>.</summary>
    public required string Image { get; init; }

    public required int Port { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }
}
