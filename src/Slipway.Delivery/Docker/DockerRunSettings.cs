namespace Slipway.Delivery.Docker;

/// <summary>The options of <c>docker run</c>, as data (NUKE's <c>DockerRunSettings</c>, Kamal's app commands).</summary>
internal sealed record DockerRunSettings
{
    public required string Image { get; init; }

    public string? Name { get; init; }

    /// <summary>Remove the container when it stops (<c>--rm</c>), for one-off commands such as migrations.</summary>
    public bool RemoveWhenStopped { get; init; }

    /// <summary>Run in the background and print the container id.</summary>
    public bool Detach { get; init; } = true;

    /// <summary><c>host</c> on machines whose daemon has no bridge (ENVIRONMENT.md).</summary>
    public string? Network { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>Mount points that get an in-memory file system (<c>/tmp</c> for a read-only container).</summary>
    public IReadOnlyList<string> Tmpfs { get; init; } = [];

    /// <summary>Volume specifications (<c>name:/app/data</c>).</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Overrides the image's HEALTHCHECK interval (Docker's default is 30 s, too slow for a gate).</summary>
    public TimeSpan? HealthInterval { get; init; }

    /// <summary>Arguments after the image (the container command).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
}
