using Serilog;
using Slipway.Delivery.Git;
using Slipway.Delivery.GitHub;
using Slipway.Engine;

namespace Slipway.Delivery.Release;

/// <summary>
/// Performs a <see cref="ReleasePlan"/> step by step. When a step fails, the error says exactly what already exists
/// (locally, on the remote) and how to finish or undo, since a pushed tag has already started a production delivery.
/// </summary>
internal sealed class ReleaseExecutor
{
    private readonly GitTool git;
    private readonly string repositoryRoot;
    private readonly GitHubClient? gitHub;

    /// <param name="git">Runs the git steps in the repository.</param>
    /// <param name="repositoryRoot">Files in the plan are relative to it.</param>
    /// <param name="gitHub">Creates the GitHub release; required when the plan has that step.</param>
    public ReleaseExecutor(GitTool git, string repositoryRoot, GitHubClient? gitHub)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentException.ThrowIfNullOrEmpty(repositoryRoot);
        this.git = git;
        this.repositoryRoot = repositoryRoot;
        this.gitHub = gitHub;
    }

    public async Task<ReleaseResult> ExecuteAsync(ReleasePlan plan, string? existingReleaseCommit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var progress = new Progress(plan, existingReleaseCommit);
        var performed = new List<string>();
        GitHubRelease? release = null;
        foreach (var step in plan.Steps)
        {
            Log.Information("Release {Version:l}: {Step:l}", plan.Version, step.Description);
            try
            {
                release = await PerformAsync(step, progress, cancellationToken) ?? release;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new BuildFailedException(ExitCodes.TargetFailed, progress.DescribeFailure(step, exception), exception);
            }

            performed.Add(step.Description);
        }

        return new ReleaseResult(plan, DryRun: false)
        {
            ReleaseCommitSha = progress.ReleaseCommit,
            GitHubRelease = release,
            PerformedSteps = performed,
        };
    }

    private async Task<GitHubRelease?> PerformAsync(ReleaseStep step, Progress progress, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case WriteReleaseNotesStep notes:
                var notesPath = Path.Combine(repositoryRoot, notes.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(notesPath)!);
                await File.WriteAllTextAsync(notesPath, notes.Notes, cancellationToken);
                return null;

            case UpdateChangelogStep changelog:
                var changelogPath = Path.Combine(repositoryRoot, changelog.Path);
                var existing = File.Exists(changelogPath) ? await File.ReadAllTextAsync(changelogPath, cancellationToken) : null;
                progress.ChangelogTouched = true;
                await File.WriteAllTextAsync(changelogPath, ChangelogBuilder.PrependTo(existing, changelog.Section), cancellationToken);
                return null;

            case CommitReleaseStep or CreateReleaseTagStep or PushReleaseStep:
                foreach (var command in step.GitCommands(git.Commands))
                {
                    await git.RunAsync(command, cancellationToken);
                }

                if (step is CommitReleaseStep)
                {
                    progress.ReleaseCommit = await git.GetHeadShaAsync(cancellationToken);
                    progress.CommittedNow = true;
                }

                progress.Tagged |= step is CreateReleaseTagStep;
                progress.Pushed |= step is PushReleaseStep;
                return null;

            case CreateGitHubReleaseStep create:
                return await CreateGitHubReleaseAsync(create, cancellationToken);

            default:
                throw new InvalidOperationException($"No executor for {step.GetType().Name}.");
        }
    }

    private async Task<GitHubRelease> CreateGitHubReleaseAsync(CreateGitHubReleaseStep step, CancellationToken cancellationToken)
    {
        var client = gitHub ?? throw new InvalidOperationException("Creating a GitHub release needs a token.");
        try
        {
            var created = await client.CreateReleaseAsync(step.Repository, step.Release, cancellationToken);
            Log.Information("Created the GitHub release {Name}: {Url}", created.Name, created.HtmlUrl);
            return created;
        }
        catch (GitHubApiException exception) when (exception.IsAlreadyExists)
        {
            // Another run (or a person) created it between our check and now: what we wanted exists.
            var existing = await client.GetReleaseByTagAsync(step.Repository, step.Release.TagName, cancellationToken);
            if (existing is null)
            {
                throw;
            }

            Log.Information("The GitHub release for {Tag} already exists: {Url}", step.Release.TagName, existing.HtmlUrl);
            return existing;
        }
    }

    /// <summary>What exists so far, to tell the user how to finish or undo after a failure.</summary>
    private sealed class Progress(ReleasePlan plan, string? existingReleaseCommit)
    {
        public string? ReleaseCommit { get; set; } = existingReleaseCommit;

        public bool ChangelogTouched { get; set; }

        public bool CommittedNow { get; set; }

        public bool Tagged { get; set; } = plan.Mode is ReleaseMode.ResumeFromTag or ReleaseMode.ResumeGitHubRelease;

        public bool Pushed { get; set; } = plan.Mode is ReleaseMode.ResumeGitHubRelease;

        public string DescribeFailure(ReleaseStep step, Exception cause)
        {
            var rerun = $"./build.sh Release --version {plan.Version}";
            var commit = ReleaseCommit is { Length: >= 7 } sha ? sha[..7] : "HEAD";
            var state = (Pushed, Tagged, ReleaseCommit is not null, ChangelogTouched) switch
            {
                (true, _, _, _) =>
                    $"The release commit {commit} and the tag {plan.Tag} are on the remote, so the delivery to production has " +
                    $"started; only the GitHub release is missing. Fix the cause below and re-run '{rerun}': it will only create " +
                    "the GitHub release (or create it by hand on GitHub for that tag, with artifacts/release-notes.md as its text).",
                (false, true, _, _) =>
                    $"The release commit {commit} and the tag {plan.Tag} exist only locally; nothing was pushed. Re-run '{rerun}' " +
                    $"to push them and create the GitHub release, or undo with 'git tag -d {plan.Tag} && git reset --hard HEAD~1'.",
                (false, false, true, _) =>
                    $"The release commit {commit} exists only locally; no tag was created and nothing was pushed. Re-run '{rerun}' " +
                    "to continue, or undo with 'git reset --hard HEAD~1'.",
                (false, false, false, true) =>
                    "CHANGELOG.md may have been changed but nothing was committed, tagged or pushed. Restore it ('git checkout -- " +
                    $"CHANGELOG.md', or delete it if it is new) and re-run '{rerun}'.",
                _ => "Nothing was committed, tagged or pushed.",
            };
            return $"Release {plan.Version} failed at \"{step.Description}\". {state}{Environment.NewLine}Cause: {cause.Message}";
        }
    }
}
