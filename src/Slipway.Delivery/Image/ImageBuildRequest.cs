namespace Slipway.Delivery.Image;

/// <summary>What the DockerBuild stage builds: the source, the name and version to stamp, and how to build it.</summary>
internal sealed record ImageBuildRequest
{
    /// <summary>The repository root: the build context and where <c>artifacts/</c> goes.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The Dockerfile, relative to <see cref="RepositoryRoot"/>.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    public string Registry { get; init; } = ImageName.DefaultRegistry;

    /// <summary>The repository in the registry, e.g. <c>catalog-api</c> or <c>acme/catalog-api</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>Human-readable name for the title label; defaults to the repository.</summary>
    public string? Title { get; init; }

    /// <summary>SemVer 2.0 of this build (the version calculator's SemVer).</summary>
    public required string Version { get; init; }

    /// <summary>Stamped into the assembly; defaults to <see cref="Version"/>.</summary>
    public string? InformationalVersion { get; init; }

    /// <summary>Full commit id of the source.</summary>
    public required string Commit { get; init; }

    /// <summary>The branch built; null for a detached HEAD (then no branch tag).</summary>
    public string? Branch { get; init; }

    /// <summary>A release-tag build (<c>prod/v1.4.0</c>): the image is also tagged with the SemVer.</summary>
    public bool IsRelease { get; init; }

    /// <summary>URL of the source repository, for the source label.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>
    /// Target platforms (<c>linux/amd64</c>, <c>linux/arm64</c>). Several: with buildx one build pushes them all; without
    /// it each platform is built on its own (<c>-&lt;os&gt;-&lt;arch&gt;</c> tags) and Push joins them in an OCI index.
    /// </summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    public IReadOnlyList<string> CacheTo { get; init; } = [];

    /// <summary>More build arguments, e.g. <c>SDK_IMAGE</c>/<c>RUNTIME_IMAGE</c> to swap base images.</summary>
    public IReadOnlyDictionary<string, string> BuildArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>Network of RUN steps; <c>host</c> where the daemon has no bridge.</summary>
    public string? Network { get; init; }

    /// <summary>The created label's time; defaults to <see cref="SourceDateEpoch"/>, else now.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>
    /// The time the build is pinned to (reproducible-builds.org's <c>SOURCE_DATE_EPOCH</c>, the commit's time): passed
    /// to BuildKit as that build argument, and the built image's config and file times newer than it are clamped to it
    /// (<see cref="ImageTimestampNormalizer"/>), so the same commit and bases give the same digest. Null: not pinned.
    /// </summary>
    public DateTimeOffset? SourceDateEpoch { get; init; }

    /// <summary>
    /// The base image of the final stage, by digest where known: its layers are kept byte for byte when the times are
    /// clamped (they are the base's, shared with it in the registry). Null: every layer with a newer time is clamped.
    /// </summary>
    public string? BaseImage { get; init; }

    /// <summary>Build every step again (<c>--no-cache</c>).</summary>
    public bool NoCache { get; init; }

    /// <summary>
    /// Where the service's migrations live (folders or files, relative to <see cref="RepositoryRoot"/>): their
    /// <see cref="SchemaFingerprint"/> becomes the image's <c>org.slipway.schema</c> label. Empty (or none existing):
    /// no label, and every deploy of the image backs up and migrates.
    /// </summary>
    public IReadOnlyList<string> MigrationSources { get; init; } = [];

    /// <summary>Where <c>image.json</c> goes; defaults to <c>artifacts/</c> under the root.</summary>
    public string? ArtifactsDirectory { get; init; }
}
