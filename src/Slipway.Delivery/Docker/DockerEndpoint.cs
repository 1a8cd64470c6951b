namespace Slipway.Delivery.Docker;

/// <summary>
/// The engine a Docker command targets: the CLI's own choice (<c>DOCKER_HOST</c>, else its current context), an
/// engine address (<c>unix://</c>, <c>tcp://</c>, <c>ssh://</c>) or a named context. Every command line of every stage
/// gets it from here (<see cref="DockerCli.Command"/>), so the SSH work has one place for its key, known hosts and
/// connection reuse.
/// </summary>
internal sealed record DockerEndpoint
{
    private DockerEndpoint(string? host, string? context)
    {
        Host = host;
        Context = context;
    }

    /// <summary>What the CLI uses by itself: <c>DOCKER_HOST</c>, else its current context (the local engine by default).</summary>
    public static DockerEndpoint Default { get; } = new(null, null);

    /// <summary>An engine address such as <c>ssh://deploy@app1</c>; null unless chosen.</summary>
    public string? Host { get; }

    /// <summary>A <c>docker context</c> name; null unless chosen.</summary>
    public string? Context { get; }

    /// <summary>An address (<c>scheme://…</c>) or a context name; null or empty is <see cref="Default"/>.</summary>
    public static DockerEndpoint Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Default
        : value.Contains("://", StringComparison.Ordinal) ? new DockerEndpoint(value.Trim(), null)
        : new DockerEndpoint(null, value.Trim());

    /// <summary>
    /// The CLI's global options that select the engine. In argv, so every logged command line says which engine it
    /// changed; a chosen address is also the child's <c>DOCKER_HOST</c> (<see cref="Environment"/>), so nothing the
    /// CLI starts can fall back to an inherited <c>DOCKER_HOST</c> or <c>DOCKER_CONTEXT</c> of another engine.
    /// </summary>
    public IReadOnlyList<string> GlobalOptions =>
        Host is not null ? ["--host", Host] : Context is not null ? ["--context", Context] : [];

    /// <summary>Variables every command of this endpoint runs with (see <see cref="GlobalOptions"/>).</summary>
    public IReadOnlyDictionary<string, string?> Environment =>
        Host is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOCKER_HOST"] = Host };

    /// <summary>
    /// Whether the engine can be this machine's own, as far as the settings tell (a unix socket, or the default
    /// context); a caller confirms it against the engine itself before using anything local.
    /// </summary>
    public bool MayBeLocal(string? processDockerHost, string? processDockerContext) =>
        Context == "default" || LocalEngineSocket.Resolve(this, processDockerHost, processDockerContext, currentContext: null) is not null;

    public override string ToString() =>
        Host ?? (Context is not null ? $"context {Context}" : "the Docker CLI's default engine (DOCKER_HOST or current context)");
}
