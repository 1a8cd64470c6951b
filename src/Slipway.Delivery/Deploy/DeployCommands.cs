using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The <c>docker</c> command lines of a deploy, as data (Kamal's <c>commands/app.rb</c> role): app containers, one-off
/// migration containers, images, and HTTP probes of a container's loopback port made from inside the edge container,
/// so they reach the port on a remote host just as on this one. Built on <see cref="DockerCli.Command"/>; nothing here
/// runs a process.
/// </summary>
[SuppressMessage("Security", "S5443", Justification = "`--tmpfs /tmp` mounts a private tmpfs inside the read-only container; no host temp file is created.")]
internal sealed class DeployCommands(DockerCli docker, DeployEnvironment environment)
{
    // Deletes the named deploy backups (d-*.backup) in "$1", and nothing else; prints each one it deletes.
    private const string RemoveBackupsScript =
        "dir=\"$1\"; shift; [ -d \"$dir\" ] || exit 0; cd \"$dir\" || exit 1; " +
        "for f in \"$@\"; do case \"$f\" in */*) continue;; d-*.backup) [ -e \"$f\" ] || [ -L \"$f\" ] || continue; rm -f -- \"$f\" && echo \"$f\";; esac; done";

    private readonly ImageCommands images = new(docker);

    public string DataVolume => DeployNames.DataVolume(environment.Name);

    public string EdgeContainer => DeployNames.Edge(environment.Name);

    /// <summary>Where the deploys' backups go inside the data volume.</summary>
    public string BackupDirectory => environment.DataPath + "/backups";

    /// <summary>The engine's host name (to tell whether the engine runs on this machine).</summary>
    public ToolInvocation EngineName() => Query("info", "--format", "{{.Name}}");

    /// <summary>Ids of every container (running or not) carrying all the given labels.</summary>
    public ToolInvocation ListContainers(params (string Label, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var arguments = new List<string> { "ps", "--all", "--quiet", "--no-trunc" };
        foreach (var (label, value) in labels)
        {
            arguments.AddRange(["--filter", $"label={label}={value}"]);
        }

        return Query([.. arguments]);
    }

    /// <summary>This environment's app containers.</summary>
    public ToolInvocation ListAppContainers() =>
        ListContainers((DeployLabels.Role, DeployLabels.AppRole), (DeployLabels.Environment, environment.Name));

    /// <summary>Every Slipway app container on the host, of every environment (to keep their ports apart).</summary>
    public ToolInvocation ListAllAppContainers() => ListContainers((DeployLabels.Role, DeployLabels.AppRole));

    public ToolInvocation Inspect(IEnumerable<string> containers) => Query(["container", "inspect", "--format", AppContainerParser.InspectFormat, .. containers]);

    /// <summary>Status, last exit code, restart count and image: <c>running 0 0 image</c>, <c>restarting 3 2 image</c>; fails when the container does not exist.</summary>
    public ToolInvocation ContainerState(string container) =>
        Query("container", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", container);

    /// <summary>
    /// Starts one version: host network on its own loopback port only (<c>ASPNETCORE_URLS</c> binds 127.0.0.1; the
    /// edge is the only way in), read-only root with a tmpfs /tmp, the environment's data volume, restarted by Docker
    /// after a crash or reboot until a deploy stops it.
    /// </summary>
    public ToolInvocation RunApp(AppRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var port = spec.Port.ToString(CultureInfo.InvariantCulture);
        var arguments = RunArguments(spec.Name, TimeSpan.FromSeconds(15));
        arguments.AddRange(["--env", $"ASPNETCORE_URLS=http://127.0.0.1:{port}", "--env", $"ASPNETCORE_HTTP_PORTS={port}"]);
        AddAppEnvironment(arguments);
        foreach (var (name, value) in spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--label", $"{name}={value}"]);
        }

        arguments.Add(spec.Image);
        return WithAppEnvironment(docker.Command([.. arguments]));
    }

    /// <summary>
    /// Starts one container of a role (docs/deploy.md, Roles): like <see cref="RunApp"/> (host network, read-only root,
    /// the data volume, the app's variables, restarted after a crash) but on no port and in no edge slot, its command the
    /// role's, its stop timeout the role's grace period, and the image's health check off unless the role asks for it.
    /// </summary>
    public ToolInvocation RunRole(RoleRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var role = spec.Role;
        var arguments = RunArguments(spec.Name, role.StopGracePeriod);
        if (!role.UseImageHealthCheck)
        {
            arguments.Add("--no-healthcheck");
        }

        AddAppEnvironment(arguments);
        foreach (var name in role.Environment.Keys.Where(k => !environment.AppEnvironment.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", name]);
        }

        foreach (var (name, value) in spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--label", $"{name}={value}"]);
        }

        if (role.Entrypoint is not null)
        {
            arguments.AddRange(["--entrypoint", role.Entrypoint]);
        }

        arguments.Add(spec.Image);
        arguments.AddRange(role.Command);
        return docker.Command([.. arguments]).WithEnvironment(role.VariablesOver(environment.AppEnvironment));
    }

    /// <summary>This environment's containers of one role, running or not.</summary>
    public ToolInvocation ListRoleContainers(string role) =>
        ListContainers((DeployLabels.Role, role), (DeployLabels.Environment, environment.Name));

    // What every long-running container of the app's image gets, web or role: host network, read-only root with a tmpfs
    // /tmp, restarted after a crash until a deploy stops it, the environment's data volume.
    private List<string> RunArguments(string name, TimeSpan stopTimeout) =>
    [
        "run", "--detach",
        "--name", name,
        "--network", "host",
        "--read-only", "--tmpfs", "/tmp",
        "--restart", "unless-stopped",
        "--stop-timeout", ((int)Math.Ceiling(stopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        "--mount", $"type=volume,source={DataVolume},target={environment.DataPath}",
    ];

    /// <summary>A one-off command of the image (backup, migrate) on the data volume, in the foreground, removed afterwards.</summary>
    public ToolInvocation RunOneOff(string name, string image, IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = new List<string>
        {
            "run", "--rm",
            "--name", name,
            "--network", "host",
            "--read-only", "--tmpfs", "/tmp",
            "--mount", $"type=volume,source={DataVolume},target={environment.DataPath}",
        };
        AddAppEnvironment(arguments);
        arguments.Add(image);
        arguments.AddRange(command);
        return WithAppEnvironment(docker.Command([.. arguments]) with { Timeout = environment.DeployTimeout });
    }

    /// <summary>
    /// Deletes exactly the data volume's deploy backups <paramref name="files"/> (file names, <c>d-….backup</c>; see
    /// <see cref="BackupRetention.ToPrune"/>), in a throw-away container
    /// of the edge image (it has a shell, which the app's image may not), as root: the backups belong to the app's user.
    /// </summary>
    public ToolInvocation RemoveBackups(string edgeImage, IEnumerable<string> files) =>
        docker.Command([
            "run", "--rm", "--network", "none", "--user", "0:0",
            "--mount", $"type=volume,source={DataVolume},target={environment.DataPath}",
            "--entrypoint", "sh", edgeImage, "-c", RemoveBackupsScript, "slipway-remove-backups", BackupDirectory, .. files,
        ]);

    /// <summary>
    /// Exits 0 when <paramref name="file"/> exists in the data volume, 1 when not: whether a migration command that backs up
    /// (and skips its backup when it has nothing to apply) wrote one. Same throw-away container as <see cref="RemoveBackups"/>.
    /// </summary>
    public ToolInvocation BackupExists(string edgeImage, string file) =>
        docker.Command([
            "run", "--rm", "--network", "none", "--user", "0:0",
            "--mount", $"type=volume,source={DataVolume},target={environment.DataPath}",
            "--entrypoint", "test", edgeImage, "-f", file,
        ]) with
        {
            LogOutput = false,
        };

    public ToolInvocation Start(string container) => docker.Command("start", container);

    /// <summary>SIGTERM (the app drains), then SIGKILL after <paramref name="grace"/>.</summary>
    public ToolInvocation Stop(string container, TimeSpan grace) => docker.Stop(container, grace);

    public ToolInvocation Remove(params string[] containers) => docker.Command(["rm", "--force", .. containers]);

    public ToolInvocation Logs(string container, int tail) =>
        Query("logs", "--tail", tail.ToString(CultureInfo.InvariantCulture), container);

    /// <summary>The last lines of a container's output with Docker's receive timestamps (RFC 3339, nanoseconds).</summary>
    public ToolInvocation LogsWithTimestamps(string container, int tail) =>
        Query("logs", "--timestamps", "--tail", tail.ToString(CultureInfo.InvariantCulture), container);

    /// <summary>The image's labels as JSON; fails when the engine does not have the image.</summary>
    /// <summary>The image's platform and labels as the engine has it (<see cref="DeployImage.FactsFormat"/>); fails when the engine does not have it.</summary>
    public ToolInvocation ImageFacts(string image) => images.Inspect(image, DeployImage.FactsFormat);

    public ToolInvocation Pull(string image) => images.Pull(image);

    /// <summary>Removes one reference to an image; without --force, so an image another container uses stays.</summary>
    public ToolInvocation RemoveImage(string image) => images.Remove(force: false, image);

    /// <summary>
    /// One HTTP/1.0 GET of <paramref name="path"/> on an address the edge reaches (a loopback port of the host, or a Swarm
    /// task's port on another node), sent by socat inside the edge container (host network), so the probe works against a
    /// remote host without exposing the port.
    /// </summary>
    public ToolInvocation HttpGetViaEdge(IPEndPoint endpoint, string path) =>
        HttpViaEdge(endpoint.Address, endpoint.Port, $"GET {path} HTTP/1.0\r\nHost: localhost\r\nUser-Agent: slipway-deploy\r\nConnection: close\r\n\r\n");

    /// <summary>
    /// One raw HTTP/1.0 request to an address of the host (a container's port, or the edge's own public endpoint), sent by
    /// socat inside the edge container through its standard input — so headers (a smoke test's token) never reach a
    /// command line — and the answer read until the server closes. <paramref name="fromLoopback"/>: sent from the
    /// loopback address, so the edge counts it as internal (its preview route and internal paths) even when its public
    /// endpoint is one of the host's own addresses rather than a wildcard — from that address it would be an outside
    /// client's, and a preview check would reach the serving version instead of the new one.
    /// </summary>
    public ToolInvocation HttpViaEdge(IPAddress address, int port, string request, bool fromLoopback = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var target = string.Create(CultureInfo.InvariantCulture, $"TCP:{(v6 ? $"[{address}]" : address.ToString())}:{port}");
        // shut-none: no half-close after the request; Kestrel takes a client's FIN as an aborted request.
        var options = fromLoopback && !IPAddress.IsLoopback(address) ? $",shut-none,bind={(v6 ? "[::1]" : "127.0.0.1")}" : ",shut-none";
        return docker.Command("exec", "--interactive", EdgeContainer, "socat", "-t", "5", "-T", "10", "-", target + options) with
        {
            StandardInput = request,
            LogOutput = false,
            Timeout = TimeSpan.FromSeconds(20),
        };
    }

    private void AddAppEnvironment(List<string> arguments)
    {
        // Names only: the CLI takes each value from its own environment, so values never reach argv or a log line.
        foreach (var name in environment.AppEnvironment.Keys.Order(StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", name]);
        }
    }

    private ToolInvocation WithAppEnvironment(ToolInvocation invocation) => invocation.WithEnvironment(environment.AppEnvironment);

    private ToolInvocation Query(params string[] arguments) => docker.Query(arguments);
}
