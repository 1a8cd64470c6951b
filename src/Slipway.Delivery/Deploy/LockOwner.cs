namespace Slipway.Delivery.Deploy;

/// <summary>Who holds an environment's deploy lock: written into the lock when it is taken, shown to whoever finds it held.</summary>
internal sealed record LockOwner
{
    /// <summary>The id of the deploy or rollback holding the lock (its deploy-log record will carry the same id).</summary>
    public required string Id { get; init; }

    public required DeployKind Kind { get; init; }

    public required string Who { get; init; }

    public string? Version { get; init; }

    public string? CiRunUrl { get; init; }

    /// <summary>The machine the deploy runs on (the CI runner or a laptop), not the Docker host.</summary>
    public string? Machine { get; init; }

    public required DateTimeOffset Since { get; init; }

    public string Describe() =>
        $"{Kind.ToString().ToLowerInvariant()} {Id}{(Version is null ? string.Empty : $" of {Version}")} by {Who}" +
        $"{(Machine is null ? string.Empty : $" on {Machine}")}{(CiRunUrl is null ? string.Empty : $" ({CiRunUrl})")}";
}
