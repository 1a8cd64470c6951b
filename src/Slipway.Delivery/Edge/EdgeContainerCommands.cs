using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Edge;

/// <summary>
/// The <c>docker</c> command lines that run and drive an edge container, as data (Kamal's <c>commands/proxy.rb</c>
/// role), built on <see cref="DockerCli.Command"/>: the same against a local engine and an <c>ssh://</c> Docker host.
/// </summary>
internal sealed class EdgeContainerCommands(DockerCli docker, string containerName)
{

    public string ContainerName { get; } = RequireName(containerName);

    /// <summary>The conventional container and volume name of an environment's edge.</summary>
    public static string NameFor(string environment) => $"slipway-edge-{environment}";

    /// <summary>
    /// Starts the edge: host networking (it binds the public port and its loopback-only listeners on the host), a
    /// read-only root filesystem, the volume as its only writable place, restarted by Docker after a crash or reboot.
    /// </summary>
    public ToolInvocation Run(string image, string volume, string environment) => Command(
        "run", "--detach",
        "--name", ContainerName,
        "--network", "host",
        "--read-only",
        "--restart", "unless-stopped",
        "--mount", $"type=volume,source={RequireName(volume)},target={EdgeContainerLayout.StateDirectory}",
        "--label", $"slipway.edge.environment={environment}",
        image);

    /// <summary>
    /// Writes the rendered config into the volume before the edge first starts, with a throw-away container of the edge
    /// image (the config goes in on standard input, so this also works against a remote Docker host).
    /// </summary>
    /// <remarks><paramref name="alongside"/>: files the content needs that are created empty when missing (the config's maintenance map, which HAProxy must find to start).</remarks>
    public ToolInvocation SeedFile(string image, string volume, string path, string content, params string[] alongside) => Command(
        [
            "run", "--rm", "--interactive",
            "--mount", $"type=volume,source={RequireName(volume)},target={EdgeContainerLayout.StateDirectory}",
            "--entrypoint", "sh",
            image,
            "-c", AtomicWriteScript, "slipway-write", path, .. alongside,
        ]) with
    { StandardInput = content, LogOutput = false };

    /// <summary>Replaces a file in the running edge's volume atomically (config, server state); the content goes in on standard input.</summary>
    /// <remarks><paramref name="alongside"/>: files the content needs that are created empty when missing.</remarks>
    public ToolInvocation WriteFile(string path, string content, params string[] alongside) =>
        Command(["exec", "--interactive", ContainerName, "sh", "-c", AtomicWriteScript, "slipway-write", path, .. alongside]) with
        {
            StandardInput = content,
            LogOutput = false,
        };

    /// <summary>Prints a file of the running edge, or nothing when it does not exist yet.</summary>
    public ToolInvocation ReadFile(string path) =>
        Command("exec", ContainerName, "sh", "-c", "if [ -f \"$1\" ]; then cat \"$1\"; fi", "slipway-read", path) with
        {
            LogOutput = false,
        };

    /// <summary>One runtime API exchange through socat inside the edge; the command line goes in on standard input.</summary>
    public ToolInvocation RuntimeApi(string socketPath, string commandLine) =>
        Command("exec", "--interactive", ContainerName, "socat", "stdio", $"unix-connect:{socketPath}") with
        {
            StandardInput = commandLine + "\n",
            LogOutput = false,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Id, status, main process, image and volume directory in one query (<see cref="EdgeContainerState"/>); fails when the container does not exist.</summary>
    public ToolInvocation Inspect() => docker.Query("container", "inspect", "--format", EdgeContainerState.Format, ContainerName);

    /// <summary>A seamless reload: the master starts a new worker on the re-read config, the old one finishes its requests.</summary>
    public ToolInvocation Reload() => Command("kill", "--signal", "USR2", ContainerName);

    /// <summary>Stops the edge gracefully (the image's stop signal is SIGUSR1, HAProxy's soft stop).</summary>
    public ToolInvocation Stop(TimeSpan grace) => docker.Stop(ContainerName, grace);

    // "$1" keeps the path out of the script text, so no quoting of user-supplied paths is needed.
    private const string AtomicWriteScript = "cat > \"$1.tmp\" && mv -f \"$1.tmp\" \"$1\" && shift && for f; do [ -e \"$f\" ] || : > \"$f\"; done";

    private ToolInvocation Command(params string[] arguments) => docker.Command(arguments);

    private static string RequireName(string name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new ArgumentException($"'{name}' is not a valid container or volume name.", nameof(name));
}
