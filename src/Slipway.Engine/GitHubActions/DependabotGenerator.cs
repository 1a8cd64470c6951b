using System.Reflection;
using System.Text.RegularExpressions;
using Slipway.Engine.IO;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// <c>.github/dependabot.yml</c> from the build class's <see cref="GitHubDependabotAttribute"/>: one entry per ecosystem,
/// every update of an interval in one grouped pull request (majors of NuGet apart, as they need reading), titled with a
/// Conventional Commits prefix the changelog and <c>CheckPullRequest</c> know.
/// </summary>
internal static partial class DependabotGenerator
{
    public const string RelativePath = ".github/dependabot.yml";

    private static readonly string[] Intervals = ["daily", "weekly", "monthly"];

    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The file, or none when the build declares no Dependabot updates; a Dockerfile that Dependabot cannot read is an error.</summary>
    public static IReadOnlyList<GeneratedWorkflow> Generate(Type buildType, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        ArgumentNullException.ThrowIfNull(root);
        if (buildType.GetCustomAttribute<GitHubDependabotAttribute>(inherit: true) is not { } definition)
        {
            return [];
        }

        foreach (var directory in definition.DockerDirectories)
        {
            var dockerfile = root / directory.TrimStart('/') / "Dockerfile";
            if (!dockerfile.FileExists)
            {
                throw new BuildDefinitionException(
                    $"[GitHubDependabot] on {buildType.Name}: DockerDirectories holds '{directory}', which has no Dockerfile ({dockerfile.GetRelativePathFrom(root)}). Name folders from the repository root.");
            }

            if (ImagesFromArguments(File.ReadAllText(dockerfile)) is { Count: > 0 } lines)
            {
                throw new BuildDefinitionException(
                    $"[GitHubDependabot] on {buildType.Name}: {dockerfile.GetRelativePathFrom(root)} takes its base images from build arguments ({string.Join("; ", lines)}), " +
                    "which Dependabot does not resolve (dependabot-core#2057): it would never propose an update. Write the images in the FROM lines, or leave the folder out of DockerDirectories.");
            }
        }

        return [new GeneratedWorkflow(RelativePath, Render(definition, buildType.Name))];
    }

    public static string Render(GitHubDependabotAttribute definition, string buildName)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var context = $"[GitHubDependabot] on {buildName}";
        if (!Intervals.Contains(definition.Interval, StringComparer.Ordinal))
        {
            throw new BuildDefinitionException($"{context}: Interval is '{definition.Interval}'; Dependabot's intervals are {string.Join(", ", Intervals)}.");
        }

        if (!Days.Contains(definition.Day, StringComparer.Ordinal))
        {
            throw new BuildDefinitionException($"{context}: Day is '{definition.Day}'; use a lowercase weekday ({string.Join(", ", Days)}).");
        }

        if (definition.OpenPullRequestsLimit < 1)
        {
            throw new BuildDefinitionException($"{context}: OpenPullRequestsLimit is {definition.OpenPullRequestsLimit}; give at least 1 (Dependabot's 0 would turn version updates off).");
        }

        foreach (var directory in definition.NuGetDirectories.Concat(definition.DockerDirectories).Where(d => !d.StartsWith('/')))
        {
            throw new BuildDefinitionException($"{context}: '{directory}' must start with / (a folder from the repository root, as Dependabot reads it).");
        }

        var updates = new YamlSequence();
        if (definition.NuGetDirectories.Length > 0)
        {
            // Majors come one per pull request: they are the updates that need reading, and one must not hold back the rest.
            updates.Add(Update(definition, "nuget", definition.NuGetDirectories, "build", Group("nuget", ["minor", "patch"])));
        }

        if (definition.GitHubActions)
        {
            updates.Add(Update(definition, "github-actions", ["/"], "ci", Group("github-actions", updateTypes: null)));
        }

        if (definition.DockerDirectories.Length > 0)
        {
            updates.Add(Update(definition, "docker", definition.DockerDirectories, "build", Group("docker", updateTypes: null)));
        }

        if (updates.Count == 0)
        {
            throw new BuildDefinitionException($"{context}: nothing to update; keep NuGetDirectories, GitHubActions or DockerDirectories, or remove the attribute.");
        }

        var document = new YamlMapping
        {
            { "version", YamlScalar.Of(2) },
        };
        document.Add("updates", updates, blankLineBefore: true);
        return YamlWriter.Write(document,
        [
            $"{WorkflowRenderer.Marker} from the [GitHubDependabot] attribute of the build class {buildName}. Do not edit by hand:",
            "change the attribute, then run ./build.sh --generate-workflows and commit the result (CI fails while it differs).",
            "An update of github-actions edits generated workflows: its pull request's drift check names the [GitHubActionsPin] that takes it.",
        ]);
    }

    /// <summary>The FROM lines whose image is a build argument (<c>FROM ${SDK_IMAGE} AS build</c>).</summary>
    public static IReadOnlyList<string> ImagesFromArguments(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        return [.. FromLine().Matches(dockerfile).Where(m => m.Groups["image"].Value.StartsWith('$')).Select(m => m.Value.Trim())];
    }

    private static YamlMapping Update(GitHubDependabotAttribute definition, string ecosystem, string[] directories, string prefix, YamlMapping groups)
    {
        var schedule = new YamlMapping { { "interval", definition.Interval } };
        if (definition.Interval == "weekly")
        {
            schedule.Add("day", definition.Day);
        }

        var update = new YamlMapping { { "package-ecosystem", ecosystem } };
        update.Add(directories.Length == 1 ? "directory" : "directories", directories.Length == 1 ? new YamlScalar(directories[0]) : new YamlSequence(directories));
        update.Add("schedule", schedule);
        update.Add("open-pull-requests-limit", YamlScalar.Of(definition.OpenPullRequestsLimit));
        // "build(deps): bump …" / "ci(deps): bump …": a type the changelog knows, so CheckPullRequest passes the title.
        update.Add("commit-message", new YamlMapping { { "prefix", prefix }, { "include", "scope" } });
        update.Add("groups", groups);
        return update;
    }

    private static YamlMapping Group(string name, string[]? updateTypes)
    {
        var group = new YamlMapping { { "patterns", new YamlSequence(["*"]) } };
        if (updateTypes is not null)
        {
            group.Add("update-types", new YamlSequence(updateTypes));
        }

        return new YamlMapping { { name, group } };
    }

    [GeneratedRegex(@"^\s*FROM\s+(?:--\S+\s+)*(?<image>\S+).*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromLine();
}
