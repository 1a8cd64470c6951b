namespace Slipway.Delivery.Docker;

/// <summary>
/// The options of one image build, as data (NUKE's <c>DockerBuildSettings</c>). <see cref="ImageCommands.Build"/> turns it
/// into a <c>docker buildx build</c> or a BuildKit <c>docker build</c> command line.
/// </summary>
internal sealed record DockerBuildSettings
{
    /// <summary>The build context directory.</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>The Dockerfile; null means the context's <c>Dockerfile</c>.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>Full image references (<c>registry/repository:tag</c>) the result is tagged with.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BuildArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>Target platforms such as <c>linux/amd64</c>; empty means the engine's own.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>Cache sources in buildx syntax (<c>type=registry,ref=...</c>) or plain image references.</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>Cache exports in buildx syntax (<c>type=inline</c>, <c>type=registry,ref=...,mode=max</c>).</summary>
    public IReadOnlyList<string> CacheTo { get; init; } = [];

    /// <summary>Network mode of RUN steps (<c>host</c> where the daemon has no bridge); null for the default.</summary>
    public string? Network { get; init; }

    /// <summary>Build every step again (<c>--no-cache</c>), e.g. to check that a build is reproducible.</summary>
    public bool NoCache { get; init; }

    /// <summary>Where the builder writes the image id (<c>--iidfile</c>).</summary>
    public string? ImageIdFile { get; init; }

    /// <summary>
    /// Push the result instead of loading it into the engine. Only buildx can, and a multi-platform image must, because
    /// the classic image store holds one platform per tag.
    /// </summary>
    public bool Push { get; init; }
}
