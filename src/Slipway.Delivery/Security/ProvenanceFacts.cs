namespace Slipway.Delivery.Security;

/// <summary>
/// What a provenance statement says about one pushed image: what it is (name, digest), what it was built from (the
/// repository and commit, the base images and their digests when pinned), by whom (the builder: a GitHub workflow
/// run, else the workstation) and when.
/// </summary>
internal sealed record ProvenanceFacts
{
    public required string ImageName { get; init; }

    public required string Digest { get; init; }

    /// <summary>The source repository, e.g. <c>https://github.com/acme/api</c>; a local path when it has no remote.</summary>
    public required string Repository { get; init; }

    public required string Commit { get; init; }

    public string? Ref { get; init; }

    public string Dockerfile { get; init; } = "Dockerfile";

    /// <summary>Base image references, with a digest when the reference pins one (<c>name@sha256:…</c>).</summary>
    public IReadOnlyList<string> BaseImages { get; init; } = [];

    /// <summary>The builder's identity: the workflow file at its ref in CI (<c>https://github.com/acme/api/.github/workflows/delivery.yml@refs/heads/main</c>), else user@machine.</summary>
    public required string Builder { get; init; }

    /// <summary>The CI run's URL, when built in CI.</summary>
    public string? InvocationId { get; init; }

    public DateTimeOffset? StartedOn { get; init; }

    public DateTimeOffset? FinishedOn { get; init; }
}
