using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which Docker CLI talks to which engine. Every command of a deploy starts here, so a local engine and an
/// <c>ssh://</c> host are driven by the same command lines (Kamal's model: everything goes through the CLI).
/// </summary>
/// <param name="Executable">The Docker CLI.</param>
/// <param name="Host">Passed as <c>--host</c>; null lets the CLI use <c>DOCKER_HOST</c> or its current context.</param>
internal sealed record DockerEndpoint(string Executable, string? Host)
{
    public ToolInvocation Command(params string[] arguments) =>
        new(Executable, Host is null ? arguments : ["--host", Host, .. arguments]);

    /// <summary>
    /// Whether the engine can be this machine's own, as far as the settings tell (a unix socket, or the default
    /// context); a caller confirms it against the engine's host name before using anything local.
    /// </summary>
    public bool MayBeLocal(string? processDockerHost, string? processDockerContext)
    {
        var effective = Host ?? processDockerHost;
        if (!string.IsNullOrEmpty(effective))
        {
            return effective.StartsWith("unix://", StringComparison.Ordinal);
        }

        return string.IsNullOrEmpty(processDockerContext) || processDockerContext == "default";
    }

    public override string ToString() => Host ?? "the Docker CLI's default engine (DOCKER_HOST or current context)";
}
