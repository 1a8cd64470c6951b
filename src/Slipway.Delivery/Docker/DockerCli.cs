using System.Globalization;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The one Docker primitive (Kamal's <c>Commands::Base#docker</c>): <see cref="Command"/> turns arguments into a
/// <c>docker</c> command line for one CLI, one engine (<see cref="DockerEndpoint"/>) and one client config. Every
/// Docker command object — image, deploy, edge, host state — builds on it, and the container commands any stage needs
/// are here. Nothing here starts a process (<see cref="DockerEngine"/> runs them), so every command line is unit-tested.
/// Stands in for Docker.DotNet (not on the feed) and follows NUKE's DockerTasks: typed settings in, a
/// <see cref="ToolInvocation"/> out.
/// </summary>
internal sealed class DockerCli
{
    /// <summary>Queries and short changes (inspect, start, rm, exec).</summary>
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Pulls, pushes and foreground one-off containers.</summary>
    public static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, string?> environment;

    /// <param name="client">The CLI to call and the builder it offers.</param>
    /// <param name="endpoint">The engine every command targets; null is <see cref="DockerEndpoint.Default"/>.</param>
    /// <param name="dockerConfig">A <c>DOCKER_CONFIG</c> directory, so logins stay out of the user's own; null inherits.</param>
    /// <param name="connection">
    /// Variables the CLI needs to reach the endpoint (the per-run ssh wrapper and agent of <see cref="SshAccess"/>); none
    /// by default. They hold no secret.
    /// </param>
    /// <param name="forwardedHost">
    /// A local socket (<c>unix://…</c>) forwarded to the endpoint's engine over the run's shared SSH connection
    /// (<see cref="SshAccess.ForwardEngineAsync"/>); commands then address it instead of the <c>ssh://</c> endpoint,
    /// which stays the engine's identity. Null: commands address the endpoint itself.
    /// </param>
    public DockerCli(
        DockerClient client,
        DockerEndpoint? endpoint = null,
        string? dockerConfig = null,
        IReadOnlyDictionary<string, string?>? connection = null,
        string? forwardedHost = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Endpoint = endpoint ?? DockerEndpoint.Default;
        DockerConfig = dockerConfig;
        Connection = connection ?? new Dictionary<string, string?>();
        ForwardedHost = forwardedHost;
        environment = new Dictionary<string, string?>(Endpoint.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in Connection)
        {
            environment[name] = value;
        }

        if (forwardedHost is not null)
        {
            // The child's DOCKER_HOST too, so nothing the CLI starts can fall back to the ssh:// address (see DockerEndpoint).
            environment["DOCKER_HOST"] = forwardedHost;
        }

        if (dockerConfig is not null)
        {
            environment["DOCKER_CONFIG"] = dockerConfig;
        }
    }

    public DockerClient Client { get; }

    public DockerEndpoint Endpoint { get; }

    public string? DockerConfig { get; }

    /// <summary>Variables that reach the endpoint (see the constructor); empty for a local engine.</summary>
    public IReadOnlyDictionary<string, string?> Connection { get; }

    /// <summary>The local socket forwarded to the endpoint's engine, if any (see the constructor).</summary>
    public string? ForwardedHost { get; }

    /// <summary>The same CLI and engine with another client config (a private one for a login).</summary>
    public DockerCli WithConfig(string dockerConfig) => new(Client, Endpoint, dockerConfig, Connection, ForwardedHost);

    /// <summary>Another client executable for the same engine, config and connection (the one chosen for builds).</summary>
    public DockerCli WithClient(DockerClient client) => new(client, Endpoint, DockerConfig, Connection, ForwardedHost);

    /// <summary>The same CLI, engine and config, its commands going through <paramref name="forwardedHost"/>.</summary>
    public DockerCli WithForwardedHost(string forwardedHost) => new(Client, Endpoint, DockerConfig, Connection, forwardedHost);

    /// <summary>
    /// A command of this CLI addressed to the endpoint itself instead of the forwarded socket (the forward is gone);
    /// unchanged when it does not go through the forward.
    /// </summary>
    public ToolInvocation WithoutForward(ToolInvocation command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (ForwardedHost is null || command.Arguments is not ["--host", var host, ..] || host != ForwardedHost)
        {
            return command;
        }

        var variables = new Dictionary<string, string?>(command.Environment, StringComparer.Ordinal);
        variables.Remove("DOCKER_HOST");
        foreach (var (name, value) in Endpoint.Environment)
        {
            variables[name] = value;
        }

        return command with { Arguments = [.. Endpoint.GlobalOptions, .. command.Arguments.Skip(2)], Environment = variables };
    }

    /// <summary><c>docker [engine options] arguments…</c>, with the endpoint's and the config's environment.</summary>
    public ToolInvocation Command(params string[] arguments) =>
        new(Client.Executable, [.. ForwardedHost is null ? Endpoint.GlobalOptions : ["--host", ForwardedHost], .. arguments])
        {
            Environment = environment,
            Timeout = QueryTimeout,
        };

    /// <summary>A command whose output is data for the caller, not progress for the log.</summary>
    public ToolInvocation Query(params string[] arguments) => Command(arguments) with { LogOutput = false };

    /// <summary>The engine's version: fails when no engine answers at the endpoint.</summary>
    public ToolInvocation ServerVersion() => Query("version", "--format", "{{.Server.Version}}");

    public ToolInvocation Run(DockerRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string> { "run" };
        if (settings.Detach)
        {
            arguments.Add("--detach");
        }

        if (settings.RemoveWhenStopped)
        {
            arguments.Add("--rm");
        }

        AddIfSet(arguments, "--name", settings.Name);
        AddIfSet(arguments, "--network", settings.Network);
        if (settings.ReadOnly)
        {
            arguments.Add("--read-only");
        }

        foreach (var mount in settings.Tmpfs)
        {
            arguments.AddRange(["--tmpfs", mount]);
        }

        foreach (var volume in settings.Volumes)
        {
            arguments.AddRange(["--volume", volume]);
        }

        foreach (var (name, value) in settings.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", $"{name}={value}"]);
        }

        foreach (var (name, value) in settings.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--label", $"{name}={value}"]);
        }

        if (settings.HealthInterval is { } interval)
        {
            arguments.AddRange(["--health-interval", Seconds(interval)]);
        }

        arguments.Add(settings.Image);
        arguments.AddRange(settings.Command);
        // A detached run returns once the container starts; a foreground one lasts as long as its command (a migration).
        return Command([.. arguments]) with { Timeout = settings.Detach ? QueryTimeout : TransferTimeout };
    }

    public ToolInvocation RemoveVolumes(params string[] volumes) => Command(["volume", "rm", "--force", .. volumes]);

    /// <summary><c>docker container inspect</c> with a Go template, e.g. <c>{{.State.Health.Status}}</c>.</summary>
    public ToolInvocation InspectContainer(string container, string format) =>
        Query("container", "inspect", "--format", format, container);

    /// <summary>The container's processes with the given <c>ps</c> columns.</summary>
    public ToolInvocation Top(string container, string psColumns) => Query("top", container, "-eo", psColumns);

    /// <summary>Runs a command in a running container, as its own user.</summary>
    public ToolInvocation Exec(string container, params string[] command) => Command(["exec", container, .. command]) with { LogOutput = false };

    public ToolInvocation Logs(string container) => Query("logs", container);

    /// <summary>Removes containers and their anonymous volumes, running or not.</summary>
    public ToolInvocation RemoveContainers(params string[] containers) => Command(["rm", "--force", "--volumes", .. containers]);

    /// <summary>SIGTERM (the process drains), then SIGKILL after <paramref name="grace"/>.</summary>
    public ToolInvocation Stop(string container, TimeSpan grace) =>
        Command("stop", "--time", ((int)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture), container) with
        {
            Timeout = grace + QueryTimeout,
        };

    internal static void AddIfSet(List<string> arguments, string option, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            arguments.AddRange([option, value]);
        }
    }

    private static string Seconds(TimeSpan interval) =>
        Math.Max(1, (int)Math.Ceiling(interval.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
