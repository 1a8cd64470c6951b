using System.Globalization;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// Docker CLI command lines as data. Stands in for Docker.DotNet (not on the feed) and follows NUKE's DockerTasks:
/// typed settings in, a <see cref="ToolInvocation"/> out. Nothing here starts a process, so every command line is
/// unit-tested; <see cref="ToolRunner"/> runs them and logs them with secrets masked.
/// </summary>
internal sealed class DockerCli
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, string?> environment;

    /// <param name="client">The CLI to call and the builder it offers.</param>
    /// <param name="dockerHost">A <c>DOCKER_HOST</c> for every command; null inherits this process's.</param>
    /// <param name="dockerConfig">A <c>DOCKER_CONFIG</c> directory, so logins stay out of the user's own; null inherits.</param>
    public DockerCli(DockerClient client, string? dockerHost = null, string? dockerConfig = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (dockerHost is not null)
        {
            environment["DOCKER_HOST"] = dockerHost;
        }

        if (dockerConfig is not null)
        {
            environment["DOCKER_CONFIG"] = dockerConfig;
        }
    }

    public DockerClient Client { get; }

    /// <summary>The engine's version: fails when no engine answers at DOCKER_HOST.</summary>
    public ToolInvocation ServerVersion() => Query("version", "--format", "{{.Server.Version}}");

    public ToolInvocation Build(DockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string>();
        var invocation = Command();
        if (Client.HasBuildx)
        {
            arguments.AddRange(["buildx", "build"]);
        }
        else
        {
            // Docker 20.10 picks BuildKit by this variable; without it the legacy builder rejects RUN --mount.
            invocation = invocation.WithEnvironment("DOCKER_BUILDKIT", "1");
            arguments.Add("build");
            RejectBuildxOnly(settings);
        }

        // Plain progress: one line per step, readable in CI logs and in our own log sink.
        arguments.AddRange(["--progress", "plain"]);
        AddIfSet(arguments, "--file", settings.Dockerfile);
        if (settings.Platforms.Count > 0)
        {
            arguments.AddRange(["--platform", string.Join(',', settings.Platforms)]);
        }

        foreach (var tag in settings.Tags)
        {
            arguments.AddRange(["--tag", tag]);
        }

        foreach (var (name, value) in settings.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--label", $"{name}={value}"]);
        }

        var buildArguments = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in settings.BuildArguments)
        {
            buildArguments[name] = value;
        }

        foreach (var cacheFrom in settings.CacheFrom)
        {
            arguments.AddRange(["--cache-from", Client.HasBuildx ? cacheFrom : ClassicCacheSource(cacheFrom)]);
        }

        foreach (var cacheTo in settings.CacheTo)
        {
            if (Client.HasBuildx)
            {
                arguments.AddRange(["--cache-to", cacheTo]);
            }
            else
            {
                // The classic builder exports cache only inline, through this build argument.
                buildArguments["BUILDKIT_INLINE_CACHE"] = "1";
            }
        }

        foreach (var (name, value) in buildArguments)
        {
            arguments.AddRange(["--build-arg", $"{name}={value}"]);
        }

        AddIfSet(arguments, "--network", settings.Network);
        AddIfSet(arguments, "--iidfile", settings.ImageIdFile);
        if (Client.HasBuildx)
        {
            if (settings.Push)
            {
                arguments.Add("--push");
            }
            else if (settings.Platforms.Count <= 1)
            {
                arguments.Add("--load");
            }
        }

        arguments.Add(settings.ContextDirectory);
        return invocation with { Arguments = arguments, Timeout = BuildTimeout };
    }

    /// <summary><c>docker login</c> with the password on standard input, never in argv or the log.</summary>
    public ToolInvocation Login(string registry, string username, string password) =>
        Command("login", "--username", username, "--password-stdin", registry) with
        {
            StandardInput = password,
            Secrets = [password],
            Timeout = QueryTimeout,
        };

    public ToolInvocation Push(string reference) => Command("push", reference) with { Timeout = TransferTimeout };

    public ToolInvocation Tag(string source, string target) => Command("tag", source, target) with { Timeout = QueryTimeout };

    public ToolInvocation Pull(string reference) => Command("pull", reference) with { Timeout = TransferTimeout };

    public ToolInvocation RemoveImages(params string[] references) =>
        Command(["image", "rm", "--force", .. references]) with { Timeout = QueryTimeout };

    /// <summary><c>docker image inspect</c> with a Go template, e.g. <c>{{json .Config.Labels}}</c>.</summary>
    public ToolInvocation InspectImage(string reference, string format) =>
        Query("image", "inspect", "--format", format, reference);

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
        return Command() with { Arguments = arguments, Timeout = settings.Detach ? QueryTimeout : TransferTimeout };
    }

    public ToolInvocation RemoveVolumes(params string[] volumes) =>
        Command(["volume", "rm", "--force", .. volumes]) with { Timeout = QueryTimeout };

    /// <summary><c>docker container inspect</c> with a Go template, e.g. <c>{{.State.Health.Status}}</c>.</summary>
    public ToolInvocation InspectContainer(string container, string format) =>
        Query("container", "inspect", "--format", format, container);

    /// <summary>The container's processes with the given <c>ps</c> columns.</summary>
    public ToolInvocation Top(string container, string psColumns) => Query("top", container, "-eo", psColumns);

    /// <summary>Runs a command in a running container, as its own user.</summary>
    public ToolInvocation Exec(string container, params string[] command) =>
        Command(["exec", container, .. command]) with { LogOutput = false, Timeout = QueryTimeout };

    public ToolInvocation Logs(string container) => Query("logs", container);

    /// <summary>Removes containers and their anonymous volumes, running or not.</summary>
    public ToolInvocation RemoveContainers(params string[] containers) =>
        Command(["rm", "--force", "--volumes", .. containers]) with { Timeout = QueryTimeout };

    private static void RejectBuildxOnly(DockerBuildSettings settings)
    {
        if (settings.Platforms.Count > 1)
        {
            throw new ArgumentException("A multi-platform build needs docker buildx.", nameof(settings));
        }

        if (settings.Push)
        {
            throw new ArgumentException("Only docker buildx can push from the build.", nameof(settings));
        }

        if (settings.CacheTo.Any(c => !IsInlineCache(c)))
        {
            throw new ArgumentException("Without buildx the only cache export is type=inline.", nameof(settings));
        }
    }

    internal static bool IsInlineCache(string cacheTo) =>
        cacheTo.Split(',').Any(part => part.Trim().Equals("type=inline", StringComparison.OrdinalIgnoreCase));

    // The classic builder's --cache-from takes an image reference, not buildx's key=value list.
    private static string ClassicCacheSource(string cacheFrom)
    {
        var reference = cacheFrom.Split(',')
            .Select(part => part.Trim())
            .FirstOrDefault(part => part.StartsWith("ref=", StringComparison.Ordinal));
        return reference is null ? cacheFrom : reference["ref=".Length..];
    }

    private static string Seconds(TimeSpan interval) =>
        Math.Max(1, (int)Math.Ceiling(interval.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static void AddIfSet(List<string> arguments, string option, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            arguments.AddRange([option, value]);
        }
    }

    private ToolInvocation Command(params string[] arguments) =>
        new(Client.Executable, arguments) { Environment = environment };

    private ToolInvocation Query(params string[] arguments) =>
        Command(arguments) with { LogOutput = false, Timeout = QueryTimeout };
}
