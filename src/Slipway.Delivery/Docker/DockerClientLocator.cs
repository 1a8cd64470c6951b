using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// Finds the Docker CLI to drive. A user's machine has one modern client with buildx; a machine can also carry a
/// client without buildx ahead of an older one that still runs BuildKit through <c>DOCKER_BUILDKIT=1</c> (ours does:
/// a 28.x client in /usr/local/bin, Debian's 20.10 in /usr/bin). So every <c>docker</c> on PATH is probed, in PATH order.
/// </summary>
internal static partial class DockerClientLocator
{
    /// <summary>Docker 23 made buildx the only BuildKit front door: from then on DOCKER_BUILDKIT=1 needs the plugin.</summary>
    private const int FirstClientNeedingBuildx = 23;

    /// <param name="explicitExecutable">A client chosen by the user; only it is probed.</param>
    /// <param name="cancellationToken">Stops the probes.</param>
    public static Task<DockerClient> LocateAsync(string? explicitExecutable = null, CancellationToken cancellationToken = default) =>
        LocateAsync(Executables(explicitExecutable), cancellationToken);

    /// <summary>Probes <paramref name="executables"/> (<see cref="Executables"/>) and chooses one.</summary>
    public static async Task<DockerClient> LocateAsync(IReadOnlyList<string> executables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executables);
        // Probed side by side (every build process pays for this before its first docker command); PATH order is kept.
        var candidates = await Task.WhenAll(executables.Select(e => ProbeAsync(e, cancellationToken)));
        return Choose(candidates);
    }

    /// <summary>The clients to probe, in PATH order: the user's choice alone, else every <c>docker</c> on PATH.</summary>
    public static IReadOnlyList<string> Executables(string? explicitExecutable = null) =>
        explicitExecutable is not null ? [explicitExecutable] : ExecutablesOnPath("docker");

    /// <summary>The first client with buildx, else the first that still runs BuildKit without it.</summary>
    public static DockerClient Choose(IReadOnlyList<DockerClientCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var usable = candidates.Where(c => c.ClientVersion is not null).ToList();
        if (usable.Count == 0)
        {
            throw new BuildFailedException(
                "No Docker CLI found (looked for 'docker' on PATH). Install Docker (Docker Desktop, docker-ce, or Debian's docker.io).");
        }

        if (usable.FirstOrDefault(c => c.HasBuildx) is { } withBuildx)
        {
            return new DockerClient(withBuildx.Executable, withBuildx.ClientVersion!, DockerBuilderKind.Buildx);
        }

        if (usable.FirstOrDefault(c => c.ClientVersion!.Major < FirstClientNeedingBuildx) is { } classic)
        {
            return new DockerClient(classic.Executable, classic.ClientVersion!, DockerBuilderKind.ClassicBuildKit);
        }

        var first = usable[0];
        throw new BuildFailedException(
            $"The Docker CLI {first.Executable} ({first.ClientVersion}) has no buildx plugin, and Docker 23 and later need it for BuildKit builds. " +
            "Install the buildx plugin (docker-buildx-plugin, or Debian's docker-buildx), or put a Docker 20.10 client first on PATH.");
    }

    /// <summary>Reads <c>Docker version 20.10.24+dfsg1, build 297e128</c>; null when the text has no version.</summary>
    public static Version? ParseClientVersion(string versionOutput)
    {
        var match = VersionPattern().Match(versionOutput ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        return new Version(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static async Task<DockerClientCandidate> ProbeAsync(string executable, CancellationToken cancellationToken)
    {
        // Both questions at once: a client that does not start fails both, and buildx's answer is only read for one that does.
        var version = AskAsync(new ToolInvocation(executable, "--version"), cancellationToken);
        var buildx = AskAsync(new ToolInvocation(executable, "buildx", "version"), cancellationToken);
        var versionResult = await version;
        var clientVersion = versionResult is { Succeeded: true } ? ParseClientVersion(versionResult.StandardOutput) : null;
        return new DockerClientCandidate(executable, clientVersion, clientVersion is not null && await buildx is { Succeeded: true });
    }

    private static async Task<ToolResult?> AskAsync(ToolInvocation question, CancellationToken cancellationToken)
    {
        try
        {
            return await ToolRunner.RunAsync(question with { LogOutput = false, Timeout = TimeSpan.FromSeconds(30) }, cancellationToken);
        }
        catch (ToolException)
        {
            // Not startable: the candidate stays without a version and is passed over.
            return null;
        }
    }

    private static List<string> ExecutablesOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        // A directory linked to another (/bin → /usr/bin on merged-/usr systems) would probe the same client twice.
        return [.. path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(ResolveDirectory(directory), name))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)];
    }

    private static string ResolveDirectory(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory;
        }
        catch (IOException)
        {
            return directory;
        }
    }

    [GeneratedRegex(@"(\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}
