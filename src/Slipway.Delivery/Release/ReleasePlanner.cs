using Slipway.Delivery.GitHub;
using Slipway.Delivery.Versioning;
using Slipway.Engine;

namespace Slipway.Delivery.Release;

/// <summary>
/// Decides, from facts only, whether a release may go ahead, how far an earlier run for the same version got, and
/// which steps remain. Every refusal is collected and reported at once, as bad input (exit 2), before any side effect.
/// <para>The resume rule: a tag of this version that already exists is not an error when it marks this workflow's own
/// release commit (subject <c>chore(release): VERSION</c>): then only what is missing is done — push when the remote
/// lacks the tag, the GitHub release when GitHub lacks it — and never a second commit or tag.</para>
/// </summary>
internal static class ReleasePlanner
{
    private const int ListedChanges = 5;

    public static ReleaseAssessment Assess(ReleaseTarget target, ReleaseState state)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<string>();
        var version = target.VersionText;
        var tag = target.Tag;

        if (state.IsShallow)
        {
            errors.Add("This clone is shallow: a release needs the whole history and every tag. In GitHub Actions set " +
                       "'fetch-depth: 0' on actions/checkout; locally run 'git fetch --unshallow --tags'.");
        }

        var (mode, releaseCommit) = DecideMode(target, state, errors);
        (ReleaseLine, VersionTag)? olderLine = null;

        if (mode is ReleaseMode.New or ReleaseMode.ResumeFromCommit or ReleaseMode.ResumeFromTag)
        {
            olderLine = CheckMovesForward(target, state, errors);

            if (state.Branch.Kind is not (BranchKind.Main or BranchKind.Release or BranchKind.Hotfix))
            {
                errors.Add($"Releases are made from main, release/* or hotfix/*, and this build is on '{state.Branch.Name}' " +
                           $"({state.Branch.Kind}): check out one of those branches.");
            }

            if (state.UncommittedChanges.Count > 0)
            {
                var listed = string.Join(", ", state.UncommittedChanges.Take(ListedChanges).Select(c => c.Trim()));
                var more = state.UncommittedChanges.Count > ListedChanges ? $" and {state.UncommittedChanges.Count - ListedChanges} more" : string.Empty;
                errors.Add($"The work tree is not clean ({listed}{more}): commit or stash the changes, so the release is " +
                           "exactly what is on the branch.");
            }

            CheckRemoteBranch(target, state, mode, releaseCommit, errors);

            if (mode is ReleaseMode.New or ReleaseMode.ResumeFromCommit && !state.HasCommitterIdentity)
            {
                errors.Add("git does not know who is committing: set 'git config user.name' and 'git config user.email' " +
                           "(in a workflow, set them in a step before the release).");
            }
        }

        if (errors.Count > 0)
        {
            throw BuildFailedException.BadInput(
                $"Release {version} cannot start; nothing was changed:{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        }

        var notesUntil = releaseCommit is null
            ? state.Head.Sha
            : releaseCommit.ParentShas.Count > 0 ? releaseCommit.ParentShas[0] : releaseCommit.Sha;
        return new ReleaseAssessment(mode, notesUntil, releaseCommit) { OlderLine = olderLine };
    }

    /// <summary>
    /// Releases only move forward — except a patch of an older line from the hotfix branch named after it (1.3.1 from
    /// <c>hotfix/1.3</c> while 1.4.0 exists), which must move that line forward. Returns the older line when it is one.
    /// </summary>
    private static (ReleaseLine, VersionTag)? CheckMovesForward(ReleaseTarget target, ReleaseState state, List<string> errors)
    {
        var version = target.VersionText;
        var others = state.ReleaseTags.Where(t => t.Name != target.Tag).ToList();
        var latest = VersionTag.Highest(others);
        if (latest is null || StrictSemVer.Compare(target.Version, latest.Version) > 0)
        {
            return null;
        }

        var line = state.Branch.Kind == BranchKind.Hotfix ? ReleaseLine.FromHotfixBranch(state.Branch.Name) : null;
        if (line is null || !line.Contains(target.Version))
        {
            var older = line is null
                ? " To patch an older line, release from a hotfix branch named after it (hotfix/1.3 for 1.3.x)."
                : $" {state.Branch.Name} patches the {line} line, and {version} is not of it.";
            errors.Add($"{version} is not greater than the latest release {latest.Name}: releases only move forward. " +
                       $"Pass a higher version, e.g. {Suggest(latest)}.{older}");
            return null;
        }

        var latestOfLine = VersionTag.Highest(others.Where(t => line.Contains(t.Version)));
        if (latestOfLine is not null && StrictSemVer.Compare(target.Version, latestOfLine.Version) <= 0)
        {
            errors.Add($"{version} is not greater than {latestOfLine.Name}, the latest release of the {line} line that {state.Branch.Name} patches. " +
                       $"Pass a higher version, e.g. {Suggest(latestOfLine)}.");
            return null;
        }

        return (line, VersionTag.Highest(others.Where(t => !t.IsPreRelease)) ?? latest);
    }

    /// <param name="target">The validated request.</param>
    /// <param name="assessment">What <see cref="Assess"/> decided.</param>
    /// <param name="branch">The branch the release commit goes to.</param>
    /// <param name="notes">The release notes (Markdown).</param>
    public static ReleasePlan BuildPlan(ReleaseTarget target, ReleaseAssessment assessment, string branch, string notes)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(notes);
        var repository = target.Repository
            ?? throw new InvalidOperationException("The GitHub repository must be resolved before planning.");
        var version = target.VersionText;
        var push = new PushReleaseStep(target.Remote, branch, target.Tag);
        var gitHubRelease = new CreateGitHubReleaseStep(
            repository,
            target.ApiUrl,
            new NewGitHubRelease(target.Tag, version, notes, target.Version.IsPrerelease) { MakeLatest = assessment.OlderLine is null ? null : "false" },
            ExistenceChecked: target.HasToken);
        var writeNotes = new WriteReleaseNotesStep(target.ReleaseNotesPath, notes);

        IReadOnlyList<ReleaseStep> steps = assessment.Mode switch
        {
            ReleaseMode.New =>
            [
                writeNotes,
                new UpdateChangelogStep(target.ChangelogPath, version, notes),
                new CommitReleaseStep(target.ChangelogPath, ReleaseConventions.CommitMessage(version, target.Tag)),
                new CreateReleaseTagStep(target.Tag, ReleaseConventions.TagMessage(version, notes)),
                push,
                gitHubRelease,
            ],
            ReleaseMode.ResumeFromCommit =>
            [
                writeNotes,
                new CreateReleaseTagStep(target.Tag, ReleaseConventions.TagMessage(version, notes)),
                push,
                gitHubRelease,
            ],
            ReleaseMode.ResumeFromTag => [writeNotes, push, gitHubRelease],
            ReleaseMode.ResumeGitHubRelease => [writeNotes, gitHubRelease],
            _ => [],
        };

        return new ReleasePlan(version, target.Tag, assessment.Mode, steps, notes);
    }

    private static (ReleaseMode Mode, Git.GitCommit? ReleaseCommit) DecideMode(ReleaseTarget target, ReleaseState state, List<string> errors)
    {
        var version = target.VersionText;
        var tag = target.Tag;
        var remote = target.Remote;
        var isOurTagCommit = ReleaseConventions.IsReleaseCommit(state.LocalTagCommit, version);

        if (state.RemoteTagObject is not null)
        {
            if (state.LocalTagObject is null)
            {
                errors.Add($"The tag {tag} exists on {remote} but not here: run 'git fetch --tags {remote}' and re-run, so " +
                           "Release can check whether it is an interrupted release of this version.");
            }
            else if (!string.Equals(state.LocalTagObject, state.RemoteTagObject, StringComparison.Ordinal))
            {
                errors.Add($"The tag {tag} differs here ({Short(state.LocalTagObject)}) and on {remote} ({Short(state.RemoteTagObject)}): " +
                           $"inspect both with 'git show {tag}' and 'git ls-remote {remote} {tag}', and delete the local one if it is stale " +
                           $"('git tag -d {tag}').");
            }
            else if (!isOurTagCommit)
            {
                errors.Add($"The tag {tag} already exists on {remote} and is not a release commit of {version} " +
                           $"(its commit says \"{state.LocalTagCommit?.Subject}\"). Released versions are immutable: pass a new version.");
            }
            else
            {
                return (state.ExistingGitHubRelease is null ? ReleaseMode.ResumeGitHubRelease : ReleaseMode.Complete, state.LocalTagCommit);
            }

            // Refused; checking the rest as for a new release reports every other problem in the same run.
            return (ReleaseMode.New, null);
        }

        if (state.LocalTagObject is not null)
        {
            if (isOurTagCommit && string.Equals(state.LocalTagCommit!.Sha, state.Head.Sha, StringComparison.Ordinal))
            {
                return (ReleaseMode.ResumeFromTag, state.LocalTagCommit);
            }

            errors.Add($"The tag {tag} exists here but not on {remote}, and it is not an interrupted release of {version} at HEAD. " +
                       $"If it is left over, delete it ('git tag -d {tag}'); otherwise pass another version.");
            return (ReleaseMode.New, null);
        }

        return ReleaseConventions.IsReleaseCommit(state.Head, version)
            ? (ReleaseMode.ResumeFromCommit, state.Head)
            : (ReleaseMode.New, null);
    }

    private static void CheckRemoteBranch(ReleaseTarget target, ReleaseState state, ReleaseMode mode, Git.GitCommit? releaseCommit, List<string> errors)
    {
        var branch = state.Branch.Name;
        var remote = target.Remote;
        if (state.Branch.Kind is not (BranchKind.Main or BranchKind.Release or BranchKind.Hotfix))
        {
            return;
        }

        if (state.RemoteBranchSha is null)
        {
            errors.Add($"The branch {branch} does not exist on {remote}: push it first ('git push -u {remote} {branch}').");
            return;
        }

        if (mode == ReleaseMode.New)
        {
            if (!string.Equals(state.RemoteBranchSha, state.Head.Sha, StringComparison.Ordinal))
            {
                errors.Add($"HEAD ({state.Head.ShortSha}) is not the tip of {remote}/{branch} ({Short(state.RemoteBranchSha)}): the release " +
                           $"must be of what is on {remote}. Push your commits ('git push') or pull the newer ones ('git pull --ff-only'), then re-run.");
            }

            return;
        }

        var parent = releaseCommit!.ParentShas.Count > 0 ? releaseCommit.ParentShas[0] : null;
        if (!string.Equals(state.RemoteBranchSha, parent, StringComparison.Ordinal))
        {
            var undo = mode == ReleaseMode.ResumeFromTag ? $"'git tag -d {target.Tag}' and 'git reset --hard HEAD~1'" : "'git reset --hard HEAD~1'";
            errors.Add($"An interrupted release of {target.VersionText} is here, but {remote}/{branch} moved on since " +
                       $"({Short(state.RemoteBranchSha)} is not the release commit's parent). Undo the local release with {undo}, " +
                       "pull, and re-run.");
        }
    }

    private static string Suggest(VersionTag latest) =>
        latest.IsPreRelease
            ? StrictSemVer.Core(latest.Version).ToNormalizedString()
            : $"{latest.Version.Major}.{latest.Version.Minor}.{latest.Version.Patch + 1}";

    private static string Short(string? sha) => sha is null ? "none" : sha.Length > 7 ? sha[..7] : sha;
}
