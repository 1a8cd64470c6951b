using System.Reflection;
using Serilog;
using Slipway.Engine.IO;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// Keeps <c>.github/workflows</c> equal to what the build class generates. <c>--generate-workflows</c> writes the files;
/// every other run compares them first (in memory, no extra process): a local build rewrites stale files and warns, as
/// NUKE does; a CI build (<c>CI=true</c> or on GitHub Actions) fails with exit code 1 and prints the diff, because a
/// workflow that no longer matches the build class is running something nobody reviewed.
/// </summary>
public static class WorkflowSync
{
    /// <summary><c>--generate-workflows</c>: writes every changed file, deletes generated files no longer declared.</summary>
    public static int Write(AbsolutePath root, IReadOnlyList<GeneratedWorkflow> workflows)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(workflows);
        var changes = Compare(root, workflows);
        if (workflows.Count == 0 && changes.Count == 0)
        {
            Log.Warning("The build class declares no [GitHubActions] workflow: nothing to generate.");
            return ExitCodes.Success;
        }

        Apply(root, changes);
        foreach (var workflow in workflows)
        {
            var changed = changes.Any(c => c.RelativePath == workflow.RelativePath);
            Log.Information(changed ? "Wrote {Path}" : "{Path} is up to date", workflow.RelativePath);
        }

        foreach (var stale in changes.Where(c => c.Generated is null))
        {
            Log.Information("Deleted {Path}: the build class no longer declares it", stale.RelativePath);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// The check at the start of a run: null to go on, or the exit code to stop with. Locally, when neither the build's
    /// assemblies nor the workflow files changed since the last check (a stamp in .nuke/temp), nothing is generated.
    /// </summary>
    public static int? Check(AbsolutePath root, Type buildType, Func<IReadOnlyList<GeneratedWorkflow>> generate, bool isServerBuild)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(buildType);
        ArgumentNullException.ThrowIfNull(generate);
        var stamp = root / ".nuke" / "temp" / "workflows.stamp";
        if (!isServerBuild && stamp.FileExists && File.ReadAllText(stamp) == Fingerprint(root, buildType))
        {
            return null;
        }

        var exitCode = Check(root, generate(), isServerBuild, buildType.Name);
        if (exitCode is null && !isServerBuild)
        {
            stamp.Parent?.CreateDirectory();
            File.WriteAllText(stamp, Fingerprint(root, buildType));
        }

        return exitCode;
    }

    internal static int? Check(AbsolutePath root, IReadOnlyList<GeneratedWorkflow> workflows, bool isServerBuild, string buildName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(workflows);
        var changes = Compare(root, workflows);
        if (changes.Count == 0)
        {
            return null;
        }

        var paths = string.Join(", ", changes.Select(c => c.RelativePath));
        var pinDrifts = PinDrift.Find(changes.Where(c => c.Committed is not null && c.Generated is not null).Select(c => (c.Committed!, c.Generated!)));
        if (isServerBuild)
        {
            foreach (var change in changes)
            {
                Log.Information("{Diff:l}", change.Diff(buildName).TrimEnd('\n'));
            }

            foreach (var drift in pinDrifts)
            {
                Log.Error(
                    "The committed workflows run {Action} at {CommittedSha} ({CommittedVersion}) where {Build} pins {PinnedSha} ({PinnedVersion}): a Dependabot update, or an edit, of generated files. " +
                    "To take it, add {Attribute} to {Build}, run ./build.sh --generate-workflows and push the result to this branch; to refuse it, close the pull request.",
                    drift.Repository, drift.CommittedSha, drift.CommittedVersion ?? "no version comment", buildName, drift.PinnedSha, drift.PinnedVersion, drift.Attribute, buildName);
            }

            Log.Error(
                "The committed workflows differ from what the build class {Build} generates ({Paths}). Run ./build.sh --generate-workflows and commit the result.",
                buildName,
                paths);
            return ExitCodes.TargetFailed;
        }

        Apply(root, changes);
        Log.Warning("Regenerated {Paths} from the [GitHubActions] attributes of {Build}: review and commit the change.", paths, buildName);
        foreach (var drift in pinDrifts)
        {
            Log.Warning(
                "The committed workflows ran {Action} at {CommittedSha} ({CommittedVersion}); regenerating put back {Build}'s pin {PinnedSha} ({PinnedVersion}). To keep the update, add {Attribute} to {Build} and run ./build.sh --generate-workflows.",
                drift.Repository, drift.CommittedSha, drift.CommittedVersion ?? "no version comment", buildName, drift.PinnedSha, drift.PinnedVersion, drift.Attribute, buildName);
        }

        return null;
    }

    internal static IReadOnlyList<WorkflowFileChange> Compare(AbsolutePath root, IReadOnlyList<GeneratedWorkflow> workflows)
    {
        var changes = new List<WorkflowFileChange>();
        foreach (var workflow in workflows)
        {
            var file = root / workflow.RelativePath;
            var committed = file.FileExists ? File.ReadAllText(file).ReplaceLineEndings("\n") : null;
            if (committed != workflow.Content)
            {
                changes.Add(new WorkflowFileChange(workflow.RelativePath, committed, workflow.Content));
            }
        }

        var generated = workflows.Select(w => w.RelativePath).ToHashSet(StringComparer.Ordinal);
        foreach (var file in GeneratedFileCandidates(root))
        {
            var relative = AbsolutePath.Create(file).GetRelativePathFrom(root);
            if (!generated.Contains(relative) && IsGenerated(file))
            {
                changes.Add(new WorkflowFileChange(relative, File.ReadAllText(file).ReplaceLineEndings("\n"), null));
            }
        }

        return changes;
    }

    private static void Apply(AbsolutePath root, IReadOnlyList<WorkflowFileChange> changes)
    {
        foreach (var change in changes)
        {
            var file = root / change.RelativePath;
            if (change.Generated is null)
            {
                File.Delete(file);
            }
            else
            {
                file.Parent?.CreateDirectory();
                File.WriteAllText(file, change.Generated);
            }
        }
    }

    /// <summary>What the generated files depend on: the build type, the assemblies its targets come from, and the files.</summary>
    private static string Fingerprint(AbsolutePath root, Type buildType)
    {
        var assemblies = new List<Assembly> { typeof(WorkflowSync).Assembly };
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            assemblies.Add(type.Assembly);
        }

        assemblies.AddRange(buildType.GetInterfaces().Select(i => i.Assembly));
        var files = assemblies.Distinct().Select(a => a.Location).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
        files.AddRange(GeneratedFileCandidates(root));

        return string.Join('\n', files.Select(f => new FileInfo(f)).Select(f => $"{f.FullName}|{f.Length}|{f.LastWriteTimeUtc.Ticks}").Prepend(buildType.AssemblyQualifiedName)) + "\n";
    }

    /// <summary>The files a generation may have written: the workflows folder's YAML and dependabot.yml.</summary>
    private static IEnumerable<string> GeneratedFileCandidates(AbsolutePath root)
    {
        var folder = root / WorkflowGenerator.WorkflowsFolder;
        IEnumerable<string> workflows = folder.DirectoryExists
            ? Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [];
        var dependabot = root / DependabotGenerator.RelativePath;
        return dependabot.FileExists ? workflows.Append(dependabot.ToString()) : workflows;
    }

    private static bool IsGenerated(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine()?.StartsWith("# " + WorkflowRenderer.Marker, StringComparison.Ordinal) == true;
    }
}
