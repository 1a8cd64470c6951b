using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>One app container of an environment, as its labels and Docker's state describe it.</summary>
internal sealed record AppContainer
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    public required string Environment { get; init; }

    public required string Version { get; init; }

    public required string Digest { get; init; }

    /// <summary>The reference it was started from, <c>registry/repository@sha256:…</c>.</summary>
    public required string Image { get; init; }

    public string? Commit { get; init; }

    /// <summary>The loopback port it listens on; the edge slot pointing at this port is its colour.</summary>
    public required int Port { get; init; }

    public string? DeployId { get; init; }

    public required DateTimeOffset DeployedAt { get; init; }

    /// <summary>Docker's status: running, exited, created, restarting...</summary>
    public required string State { get; init; }

    public int ExitCode { get; init; }

    public bool IsRunning => State is "running" or "restarting";

    /// <summary>1 for a version's own container; 2, 3, ... for the further replicas started beside it (Scale, <see cref="DeployEnvironment.Replicas"/>).</summary>
    public int Replica { get; init; } = 1;

    /// <summary>On a further replica: its version's own container.</summary>
    public string? ReplicaOf { get; init; }

    /// <summary>On a version's own container: its further replicas, which start, stop and go with it.</summary>
    public IReadOnlyList<AppContainer> Replicas { get; init; } = [];

    /// <summary>This container and its further replicas: what starts, stops or is removed as the version.</summary>
    public IEnumerable<string> AllNames => [Name, .. Replicas.Select(r => r.Name)];

    /// <summary>
    /// The versions among a host's containers: each version's own container with its further replicas attached. A replica
    /// whose own container is gone is left out (nothing starts it again; the next prune of its version's name removes it).
    /// </summary>
    public static IReadOnlyList<AppContainer> Group(IReadOnlyList<AppContainer> containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var replicas = containers.Where(c => c.ReplicaOf is not null).ToLookup(c => c.ReplicaOf!, StringComparer.Ordinal);
        return [.. containers.Where(c => c.ReplicaOf is null).Select(c => replicas[c.Name].Any() ? c with { Replicas = [.. replicas[c.Name].OrderBy(r => r.Replica)] } : c)];
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Version} ({Name}, 127.0.0.1:{Port}{(Replicas.Count > 0 ? $" and {Replicas.Count} more replica(s)" : string.Empty)}, {State})");
}
