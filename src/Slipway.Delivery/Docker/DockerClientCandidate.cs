namespace Slipway.Delivery.Docker;

/// <summary>A <c>docker</c> executable on PATH as probed: its client version and whether <c>docker buildx</c> answers.</summary>
internal sealed record DockerClientCandidate(string Executable, Version? ClientVersion, bool HasBuildx);
