using Slipway.Delivery.Git;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Release;
using Slipway.Delivery.Versioning;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Release;

/// <summary>The release decision on facts alone: every resume state and every refusal, without git.</summary>
public class ReleasePlannerTests
{
    private static readonly GitCommit Tip = new("1111111111", ["0000000000"], DateTimeOffset.UnixEpoch, "feat: last");
    private static readonly GitCommit ReleaseCommit = new("2222222222", [Tip.Sha], DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), "chore(release): 1.4.0\n\nAdds the changelog.");

    [Test]
    public void Nothing_existing_is_a_new_release_with_all_six_steps()
    {
        var assessment = ReleasePlanner.Assess(Target(), State());
        var plan = ReleasePlanner.BuildPlan(Target(), assessment, "main", "notes");

        Assert.Multiple(() =>
        {
            Assert.That(assessment.Mode, Is.EqualTo(ReleaseMode.New));
            Assert.That(assessment.NotesUntil, Is.EqualTo(Tip.Sha));
            Assert.That(plan.Steps.Select(s => s.GetType().Name), Is.EqualTo(new[]
            {
                nameof(WriteReleaseNotesStep), nameof(UpdateChangelogStep), nameof(CommitReleaseStep),
                nameof(CreateReleaseTagStep), nameof(PushReleaseStep), nameof(CreateGitHubReleaseStep),
            }));
        });
    }

    [Test]
    public void A_release_commit_at_HEAD_without_tag_resumes_with_tag_push_and_release()
    {
        var state = State() with { Head = ReleaseCommit, RemoteBranchSha = Tip.Sha };

        var assessment = ReleasePlanner.Assess(Target(), state);
        var plan = ReleasePlanner.BuildPlan(Target(), assessment, "main", "notes");

        Assert.Multiple(() =>
        {
            Assert.That(assessment.Mode, Is.EqualTo(ReleaseMode.ResumeFromCommit));
            Assert.That(assessment.NotesUntil, Is.EqualTo(Tip.Sha));
            Assert.That(plan.Steps.OfType<CommitReleaseStep>(), Is.Empty);
            Assert.That(plan.Steps.OfType<CreateReleaseTagStep>(), Has.Exactly(1).Items);
        });
    }

    [Test]
    public void A_local_unpushed_tag_on_the_release_commit_resumes_with_the_push()
    {
        var state = State() with { Head = ReleaseCommit, RemoteBranchSha = Tip.Sha, LocalTagObject = "tagobj", LocalTagCommit = ReleaseCommit };

        var plan = ReleasePlanner.BuildPlan(Target(), ReleasePlanner.Assess(Target(), state), "main", "notes");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Mode, Is.EqualTo(ReleaseMode.ResumeFromTag));
            Assert.That(plan.Steps.Select(s => s.GetType().Name), Is.EqualTo(new[]
            {
                nameof(WriteReleaseNotesStep), nameof(PushReleaseStep), nameof(CreateGitHubReleaseStep),
            }));
        });
    }

    [Test]
    public void A_pushed_release_tag_without_GitHub_release_resumes_only_the_API_step_from_anywhere()
    {
        var elsewhere = new GitCommit("3333333333", [ReleaseCommit.Sha], DateTimeOffset.UnixEpoch, "feat: later");
        var state = State() with
        {
            Head = elsewhere,
            Branch = new BranchInfo("feature/x", BranchKind.Other),
            UncommittedChanges = [" M file.txt"],
            LocalTagObject = "tagobj",
            LocalTagCommit = ReleaseCommit,
            RemoteTagObject = "tagobj",
            ReleaseTags = [Tag("1.3.0"), Tag("1.4.0"), Tag("2.0.0")],
        };

        var plan = ReleasePlanner.BuildPlan(Target(), ReleasePlanner.Assess(Target(), state), "feature/x", "notes");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Mode, Is.EqualTo(ReleaseMode.ResumeGitHubRelease));
            Assert.That(plan.Steps.Select(s => s.GetType().Name), Is.EqualTo(new[] { nameof(WriteReleaseNotesStep), nameof(CreateGitHubReleaseStep) }));
        });
    }

    [Test]
    public void A_pushed_release_with_its_GitHub_release_is_complete()
    {
        var state = State() with
        {
            LocalTagObject = "tagobj",
            LocalTagCommit = ReleaseCommit,
            RemoteTagObject = "tagobj",
            ExistingGitHubRelease = new GitHubRelease(1, "prod/v1.4.0", "1.4.0", "https://x", false, false),
        };

        var plan = ReleasePlanner.BuildPlan(Target(), ReleasePlanner.Assess(Target(), state), "main", "notes");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Mode, Is.EqualTo(ReleaseMode.Complete));
            Assert.That(plan.Steps, Is.Empty);
        });
    }

    [Test]
    public void A_remote_tag_that_is_not_our_release_commit_is_refused()
    {
        var state = State() with { LocalTagObject = "x", LocalTagCommit = Tip, RemoteTagObject = "x" };

        var error = Assert.Throws<BuildFailedException>(() => ReleasePlanner.Assess(Target(), state));

        Assert.That(error!.Message, Does.Contain("already exists on origin and is not a release commit of 1.4.0").And.Contain("immutable"));
    }

    [Test]
    public void Local_and_remote_tags_that_differ_are_refused()
    {
        var state = State() with { LocalTagObject = "aaaaaaaaa", LocalTagCommit = ReleaseCommit, RemoteTagObject = "bbbbbbbbb" };

        var error = Assert.Throws<BuildFailedException>(() => ReleasePlanner.Assess(Target(), state));

        Assert.That(error!.Message, Does.Contain("differs here (aaaaaaa) and on origin (bbbbbbb)"));
    }

    [Test]
    public void An_interrupted_release_whose_branch_moved_on_is_refused_with_the_undo()
    {
        var state = State() with { Head = ReleaseCommit, RemoteBranchSha = "9999999999" };

        var error = Assert.Throws<BuildFailedException>(() => ReleasePlanner.Assess(Target(), state));

        Assert.That(error!.Message, Does.Contain("moved on").And.Contain("git reset --hard HEAD~1"));
    }

    [Test]
    public void Every_problem_is_reported_at_once_as_bad_input()
    {
        var state = State() with
        {
            IsShallow = true,
            Branch = new BranchInfo("develop", BranchKind.Develop),
            UncommittedChanges = [" M a", " M b", " M c", " M d", " M e", "?? f", "?? g"],
            HasCommitterIdentity = false,
            ReleaseTags = [Tag("1.5.0")],
        };

        var error = Assert.Throws<BuildFailedException>(() => ReleasePlanner.Assess(Target(), state));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(error.Message, Does.Contain("fetch-depth: 0"));
            Assert.That(error.Message, Does.Contain("not greater than the latest release prod/v1.5.0").And.Contain("e.g. 1.5.1"));
            Assert.That(error.Message, Does.Contain("main, release/* or hotfix/*"));
            Assert.That(error.Message, Does.Contain("not clean (M a, M b, M c, M d, M e and 2 more)"));
            Assert.That(error.Message, Does.Contain("git config user.name"));
        });
    }

    [Test]
    public void A_dry_run_without_token_says_the_GitHub_release_was_not_checked()
    {
        var target = Target() with { HasToken = false, DryRun = true };

        var plan = ReleasePlanner.BuildPlan(target, ReleasePlanner.Assess(target, State()), "main", "notes");

        Assert.That(plan.Steps.OfType<CreateGitHubReleaseStep>().Single().Description, Does.Contain("not checked (no token)"));
    }

    [Test]
    public void The_plan_prints_each_step_with_its_git_commands()
    {
        var plan = ReleasePlanner.BuildPlan(Target(), ReleasePlanner.Assess(Target(), State()), "main", "notes");

        var text = plan.Describe(new GitCommands("/repo"));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("Release 1.4.0 (prod/v1.4.0): new release"));
            Assert.That(text, Does.Contain("3. Commit CHANGELOG.md as \"chore(release): 1.4.0\""));
            Assert.That(text, Does.Contain("$ git tag --annotate --cleanup=whitespace --file=- prod/v1.4.0 HEAD"));
            Assert.That(text, Does.Contain("$ git push --atomic --porcelain origin HEAD:refs/heads/main refs/tags/prod/v1.4.0:refs/tags/prod/v1.4.0"));
            Assert.That(text, Does.Contain("6. Create the GitHub release \"1.4.0\" for prod/v1.4.0 in acme/catalog (POST https://api.github.com/repos/acme/catalog/releases)"));
        });
    }

    [TestCase("hotfix/1.3")]
    [TestCase("hotfix/1.3.x")]
    [TestCase("hotfix-1.3-login")]
    public void A_patch_of_an_older_line_from_its_hotfix_branch_is_released_without_becoming_the_latest(string branch)
    {
        var target = Target() with { Version = StrictSemVer.Parse("1.3.1"), Tag = "prod/v1.3.1" };
        var state = State() with { Branch = new BranchInfo(branch, BranchKind.Hotfix), ReleaseTags = [Tag("1.3.0"), Tag("1.4.0"), Tag("1.5.0-rc.1")] };

        var assessment = ReleasePlanner.Assess(target, state);
        var release = ReleasePlanner.BuildPlan(target, assessment, branch, "notes").Steps.OfType<CreateGitHubReleaseStep>().Single().Release;

        Assert.Multiple(() =>
        {
            Assert.That(assessment.OlderLine?.Line.ToString(), Is.EqualTo("1.3"));
            Assert.That(assessment.OlderLine?.Latest.Name, Is.EqualTo("prod/v1.4.0"), "the newest stable release stays the latest");
            Assert.That(release.MakeLatest, Is.EqualTo("false"));
        });
    }

    [TestCase("hotfix/1.3", "1.3.1", "not greater than prod/v1.3.2, the latest release of the 1.3 line that hotfix/1.3 patches. Pass a higher version, e.g. 1.3.3.")]
    [TestCase("hotfix/1.3", "1.2.9", "hotfix/1.3 patches the 1.3 line, and 1.2.9 is not of it.")]
    [TestCase("hotfix/login", "1.3.3", "To patch an older line, release from a hotfix branch named after it (hotfix/1.3 for 1.3.x).")]
    [TestCase("main", "1.3.3", "To patch an older line, release from a hotfix branch named after it")]
    public void An_older_version_is_refused_unless_it_moves_its_own_line_forward_from_that_line_s_hotfix_branch(string branch, string version, string reason)
    {
        var target = Target() with { Version = StrictSemVer.Parse(version), Tag = "prod/v" + version };
        var state = State() with
        {
            Branch = new BranchInfo(branch, BranchResolver.Classify(branch)),
            ReleaseTags = [Tag("1.3.0"), Tag("1.3.2"), Tag("1.4.0")],
        };

        var refusal = Assert.Throws<BuildFailedException>(() => ReleasePlanner.Assess(target, state));

        Assert.That(refusal!.Message, Does.Contain(reason));
    }

    [Test]
    public void A_new_release_of_the_newest_line_becomes_the_latest_as_GitHub_decides()
    {
        var plan = ReleasePlanner.BuildPlan(Target(), ReleasePlanner.Assess(Target(), State()), "main", "notes");

        Assert.That(plan.Steps.OfType<CreateGitHubReleaseStep>().Single().Release.MakeLatest, Is.Null);
    }

    private static ReleaseTarget Target() => new()
    {
        Version = StrictSemVer.Parse("1.4.0"),
        Tag = "prod/v1.4.0",
        Remote = "origin",
        DryRun = false,
        HasToken = true,
        Repository = new GitHubRepositoryName("acme", "catalog"),
        ApiUrl = new Uri("https://api.github.com"),
        ChangelogPath = "CHANGELOG.md",
        ReleaseNotesPath = "artifacts/release-notes.md",
    };

    private static ReleaseState State() => new()
    {
        Head = Tip,
        Branch = new BranchInfo("main", BranchKind.Main),
        IsShallow = false,
        UncommittedChanges = [],
        HasCommitterIdentity = true,
        RemoteBranchSha = Tip.Sha,
        ReleaseTags = [Tag("1.3.0")],
        LocalTagObject = null,
        LocalTagCommit = null,
        RemoteTagObject = null,
    };

    private static VersionTag Tag(string version) => new("prod/v" + version, StrictSemVer.Parse(version), "c0ffee");
}
