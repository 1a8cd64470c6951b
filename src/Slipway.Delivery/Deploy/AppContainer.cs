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

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Version} ({Name}, 127.0.0.1:{Port}, {State})");
}
