using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The image command lines of the Docker CLI, as data, built on <see cref="DockerCli.Command"/>: build (buildx or the
/// classic BuildKit front door, whichever the client offers), login, push, tag, pull, inspect and remove.
/// </summary>
internal sealed class ImageCommands(DockerCli docker)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);

    public DockerClient Client => docker.Client;

    public ToolInvocation Build(DockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string>();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (Client.HasBuildx)
        {
            arguments.AddRange(["buildx", "build"]);
        }
        else
        {
            // Docker 20.10 picks BuildKit by this variable; without it the legacy builder rejects RUN --mount.
            environment["DOCKER_BUILDKIT"] = "1";
            arguments.Add("build");
            RejectBuildxOnly(settings);
        }

        // Plain progress: one line per step, readable in CI logs and in our own log sink.
        arguments.AddRange(["--progress", "plain"]);
        DockerCli.AddIfSet(arguments, "--file", settings.Dockerfile);
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

        DockerCli.AddIfSet(arguments, "--network", settings.Network);
        DockerCli.AddIfSet(arguments, "--iidfile", settings.ImageIdFile);
        if (settings.NoCache)
        {
            arguments.Add("--no-cache");
        }

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
        var invocation = docker.Command([.. arguments]);
        foreach (var (name, value) in environment)
        {
            invocation = invocation.WithEnvironment(name, value);
        }

        return invocation with { Timeout = BuildTimeout };
    }

    /// <summary><c>docker login</c> with the password on standard input, never in argv or the log.</summary>
    public ToolInvocation Login(string registry, string username, string password) =>
        docker.Command("login", "--username", username, "--password-stdin", registry) with
        {
            StandardInput = password,
            Secrets = [password],
        };

    public ToolInvocation Push(string reference) => docker.Command("push", reference) with { Timeout = DockerCli.TransferTimeout };

    public ToolInvocation Tag(string source, string target) => docker.Command("tag", source, target);

    public ToolInvocation Pull(string reference) => docker.Command("pull", reference) with { Timeout = DockerCli.TransferTimeout };

    /// <summary>Removes image references; <paramref name="force"/> also when a container still uses them.</summary>
    public ToolInvocation Remove(bool force, params string[] references) =>
        docker.Command(["image", "rm", .. force ? ["--force"] : Array.Empty<string>(), .. references]) with { LogOutput = force };

    /// <summary><c>docker image inspect</c> with a Go template, e.g. <c>{{json .Config.Labels}}</c>; fails when the engine lacks the image.</summary>
    public ToolInvocation Inspect(string reference, string format) => docker.Query("image", "inspect", "--format", format, reference);

    /// <summary>The image's labels as JSON; fails when the engine does not have the image.</summary>
    public ToolInvocation Labels(string reference) => Inspect(reference, "{{json .Config.Labels}}");

    internal static bool IsInlineCache(string cacheTo) =>
        cacheTo.Split(',').Any(part => part.Trim().Equals("type=inline", StringComparison.OrdinalIgnoreCase));

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

    // The classic builder's --cache-from takes an image reference, not buildx's key=value list.
    private static string ClassicCacheSource(string cacheFrom)
    {
        var reference = cacheFrom.Split(',')
            .Select(part => part.Trim())
            .FirstOrDefault(part => part.StartsWith("ref=", StringComparison.Ordinal));
        return reference is null ? cacheFrom : reference["ref=".Length..];
    }
}
