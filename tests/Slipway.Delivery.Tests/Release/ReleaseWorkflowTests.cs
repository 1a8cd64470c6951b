using Slipway.Delivery.Release;
using Slipway.Delivery.Tests.Git;
using Slipway.Delivery.Tests.GitHub;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Release;

/// <summary>Releases end to end: real git, a bare origin, the GitHub stand-in.</summary>
public class ReleaseWorkflowTests
{
    private ReleaseFixture fixture = null!;
    private CapturedLog log = null!;

    [SetUp]
    public async Task SetUp()
    {
        fixture = await ReleaseFixture.CreateAsync();
        log = new CapturedLog();
    }

    [TearDown]
    public async Task TearDown()
    {
        log.Dispose();
        await fixture.DisposeAsync();
    }

    [Test]
    public async Task A_release_commits_the_changelog_tags_pushes_and_creates_the_GitHub_release()
    {
        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        var origin = fixture.Origin;
        var releaseCommit = origin.Git("rev-parse", "main");
        var changelog = origin.Git("show", "main:CHANGELOG.md");
        var notes = File.ReadAllText(Path.Combine(fixture.Work.Path, "artifacts", "release-notes.md"));
        var release = fixture.GitHub.Release("prod/v1.4.0");
        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Mode, Is.EqualTo(ReleaseMode.New));
            Assert.That(result.PerformedSteps, Has.Count.EqualTo(6));
            Assert.That(result.ReleaseCommitSha, Is.EqualTo(releaseCommit));
            Assert.That(fixture.OriginLog().Split('\n')[0], Is.EqualTo("chore(release): 1.4.0"));
            Assert.That(origin.Git("rev-parse", "main^"), Is.EqualTo(fixture.Work.Git("rev-parse", "HEAD^")));
            Assert.That(origin.Git("cat-file", "-t", "prod/v1.4.0"), Is.EqualTo("tag"), "annotated");
            Assert.That(origin.Git("tag", "--list", "--format=%(contents)", "prod/v1.4.0"), Does.StartWith($"Release 1.4.0\n\n## 1.4.0 ({ReleaseFixture.TodayText})").And.Contain("### Features"));
            Assert.That(origin.Git("rev-parse", "prod/v1.4.0^{commit}"), Is.EqualTo(releaseCommit));
            Assert.That(fixture.Work.Head, Is.EqualTo(releaseCommit));
            Assert.That(changelog, Does.StartWith($"# Changelog\n\n## 1.4.0 ({ReleaseFixture.TodayText})\n\nChanges since prod/v1.3.0."));
            Assert.That(changelog, Does.Contain("## 1.3.0 (2026-01-01)"));
            Assert.That(changelog.IndexOf("### Breaking changes", StringComparison.Ordinal), Is.LessThan(changelog.IndexOf("### Features", StringComparison.Ordinal)));
            Assert.That(changelog, Does.Contain("- **api:** drop the v1 endpoints ("));
            Assert.That(changelog, Does.Contain("- **catalog:** search by name ("));
            Assert.That(changelog, Does.Contain("### Bug fixes").And.Contain("### Performance").And.Contain("### Other"));
            Assert.That(notes, Does.StartWith($"## 1.4.0 ({ReleaseFixture.TodayText})"));
            Assert.That(release["body"]!.GetValue<string>(), Is.EqualTo(notes));
            Assert.That(release["name"]!.GetValue<string>(), Is.EqualTo("1.4.0"));
            Assert.That(release["prerelease"]!.GetValue<bool>(), Is.False);
            Assert.That(result.GitHubRelease?.TagName, Is.EqualTo("prod/v1.4.0"));
            Assert.That(fixture.Work.Git("status", "--porcelain"), Is.Empty);
        });
    }

    [Test]
    public async Task The_token_never_reaches_the_log()
    {
        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(log.Text, Does.Contain("chore(release): 1.4.0"), "the log was captured");
            Assert.That(log.Text, Does.Not.Contain(GitHubStandIn.Token));
        });
    }

    [Test]
    public async Task A_pre_release_from_a_release_branch_is_a_GitHub_prerelease_on_that_branch()
    {
        fixture.Work.Checkout("release/1.4.0", create: true);
        fixture.Work.Commit("fix: polish");
        fixture.Work.Git("push", "--quiet", "-u", "origin", "release/1.4.0");

        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0-rc.1"));

        Assert.Multiple(() =>
        {
            Assert.That(fixture.OriginLog("release/1.4.0").Split('\n')[0], Is.EqualTo("chore(release): 1.4.0-rc.1"));
            Assert.That(fixture.OriginLog("main").Split('\n')[0], Is.EqualTo("feat(api)!: drop the v1 endpoints"));
            Assert.That(fixture.Origin.Git("rev-parse", "prod/v1.4.0-rc.1^{commit}"), Is.EqualTo(fixture.Origin.Git("rev-parse", "release/1.4.0")));
            Assert.That(fixture.GitHub.Release("prod/v1.4.0-rc.1")["prerelease"]!.GetValue<bool>(), Is.True);
        });
    }

    /// <summary>Issue 20: 1.3.1 from hotfix/1.3 while 1.4.0 exists — allowed, says which line it patches, moves no "latest".</summary>
    [Test]
    public async Task A_patch_of_an_older_line_is_released_from_its_hotfix_branch_and_1_4_0_stays_the_latest()
    {
        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));
        fixture.Work.Git("checkout", "--quiet", "-b", "hotfix/1.3", "prod/v1.3.0");
        fixture.Work.Commit("fix: login no longer loops");
        fixture.Work.Git("push", "--quiet", "-u", "origin", "hotfix/1.3");

        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.3.1"));

        var notes = fixture.GitHub.Release("prod/v1.3.1")["body"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Mode, Is.EqualTo(ReleaseMode.New));
            Assert.That(fixture.Origin.Git("rev-parse", "prod/v1.3.1^{commit}"), Is.EqualTo(fixture.Origin.Git("rev-parse", "hotfix/1.3")));
            Assert.That(fixture.OriginLog("hotfix/1.3").Split('\n')[0], Is.EqualTo("chore(release): 1.3.1"));
            Assert.That(notes, Does.Contain("Patches the 1.3 line; prod/v1.4.0 stays the latest release.").And.Contain("Changes since prod/v1.3.0."));
            Assert.That(notes, Does.Contain("login no longer loops").And.Not.Contain("search by name"), "only the line's own commits");
            Assert.That(fixture.Origin.Git("show", "hotfix/1.3:CHANGELOG.md"), Does.Contain("Patches the 1.3 line"));
            Assert.That(fixture.GitHub.LatestTag, Is.EqualTo("prod/v1.4.0"), "make_latest: false kept 1.4.0 the latest release");
        });
        var refused = Assert.ThrowsAsync<BuildFailedException>(() => ReleaseWorkflow.RunAsync(fixture.Request("1.2.9")));
        Assert.That(refused!.Message, Does.Contain("hotfix/1.3 patches the 1.3 line, and 1.2.9 is not of it"));
    }

    [TestCase("v1.4.0", "'v' prefix")]
    [TestCase("1.4", "exactly three numbers")]
    [TestCase("1.4.0.0", "SemVer has exactly three")]
    [TestCase("01.4.0", "leading zero")]
    [TestCase("1.3.0", "The tag prod/v1.3.0 already exists on origin")]
    [TestCase("1.2.9", "not greater than the latest release prod/v1.3.0")]
    [TestCase(null, "No version given")]
    public void An_invalid_or_old_version_is_refused_before_anything_changes(string? version, string reason)
    {
        AssertRefused(fixture.Request(version), reason);
    }

    [Test]
    public void A_missing_token_is_refused_unless_dry_run()
    {
        AssertRefused(fixture.Request("1.4.0") with { GitHubToken = null }, "No GitHub token");
    }

    [Test]
    public void A_dirty_work_tree_is_refused()
    {
        File.AppendAllText(Path.Combine(fixture.Work.Path, "CHANGELOG.md"), "edited\n");

        AssertRefused(fixture.Request("1.4.0"), "work tree is not clean (M CHANGELOG.md)");
    }

    [Test]
    public void A_feature_branch_is_refused()
    {
        fixture.Work.Checkout("feature/x", create: true);
        fixture.Work.Git("push", "--quiet", "-u", "origin", "feature/x");

        AssertRefused(fixture.Request("1.4.0"), "Releases are made from main, release/* or hotfix/*, and this build is on 'feature/x'");
    }

    [Test]
    public void Unpushed_commits_are_refused()
    {
        fixture.Work.Commit("fix: local only");

        AssertRefused(fixture.Request("1.4.0"), "is not the tip of origin/main");
    }

    [Test]
    public void A_remote_that_moved_ahead_is_refused()
    {
        using var other = TempGitRepository.Clone(fixture.Origin.Path);
        other.Commit("fix: from a colleague");
        other.Git("push", "--quiet", "origin", "main");

        AssertRefused(fixture.Request("1.4.0"), "git pull --ff-only");
    }

    [Test]
    public void A_tag_someone_else_pushed_is_refused_first_asking_to_fetch_then_as_immutable()
    {
        using var other = TempGitRepository.Clone(fixture.Origin.Path);
        other.Tag("prod/v1.4.0");
        other.Git("push", "--quiet", "origin", "prod/v1.4.0");

        AssertRefused(fixture.Request("1.4.0"), "git fetch --tags origin");
        fixture.Work.Git("fetch", "--quiet", "--tags", "origin");
        AssertRefused(fixture.Request("1.4.0"), "is not a release commit of 1.4.0");
    }

    [Test]
    public void A_local_tag_that_is_not_an_interrupted_release_is_refused()
    {
        fixture.Work.Tag("prod/v1.4.0");

        AssertRefused(fixture.Request("1.4.0"), "git tag -d prod/v1.4.0");
    }

    [Test]
    public void A_repository_that_cannot_be_resolved_is_refused()
    {
        AssertRefused(fixture.Request("1.4.0") with { GitHubRepository = null }, "pass --github-repository owner/name or set GITHUB_REPOSITORY");
    }

    [Test]
    public void A_malformed_repository_or_API_URL_is_refused()
    {
        AssertRefused(fixture.Request("1.4.0") with { GitHubRepository = "acme", GitHubApiUrl = "ftp://x" }, "is not owner/name", "is not an http(s) URL");
    }

    [Test]
    public void A_token_GitHub_rejects_is_refused_before_anything_changes()
    {
        AssertRefused(fixture.Request("1.4.0") with { GitHubToken = "ghp_NotTheRightOne123" }, "rejected the token");
        Assert.That(log.Text, Does.Not.Contain("ghp_NotTheRightOne123"));
    }

    [Test]
    public void A_token_without_write_access_is_refused()
    {
        fixture.GitHub.CanPush = false;

        AssertRefused(fixture.Request("1.4.0"), "can read acme/catalog but not write");
    }

    [Test]
    public void Several_problems_are_reported_together()
    {
        fixture.Work.Commit("fix: local only");
        File.WriteAllText(Path.Combine(fixture.Work.Path, "scratch.txt"), "x");

        AssertRefused(fixture.Request("1.2.9"), "not greater than", "not clean", "is not the tip of origin/main");
    }

    [Test]
    public async Task A_dry_run_prints_every_step_and_changes_nothing()
    {
        var before = fixture.Snapshot();

        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0") with { DryRun = true });

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.PerformedSteps, Is.Empty);
            Assert.That(fixture.Snapshot(), Is.EqualTo(before));
            Assert.That(File.Exists(Path.Combine(fixture.Work.Path, "artifacts", "release-notes.md")), Is.False);
            Assert.That(fixture.GitHub.Requests.All(r => r.Method == "GET"), Is.True, "only read-only API calls");
            Assert.That(log.Text, Does.Contain("Dry run"));
            foreach (var step in result.Plan.Steps)
            {
                Assert.That(log.Text, Does.Contain(step.Description));
            }

            Assert.That(log.Text, Does.Contain("$ git push --atomic --porcelain origin HEAD:refs/heads/main refs/tags/prod/v1.4.0:refs/tags/prod/v1.4.0"));
            Assert.That(log.Text, Does.Contain("- **catalog:** search by name"));
        });
    }

    [Test]
    public async Task A_dry_run_needs_no_token_and_calls_no_API()
    {
        var before = fixture.Snapshot();

        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0") with { DryRun = true, GitHubToken = null });

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Steps, Has.Count.EqualTo(6));
            Assert.That(fixture.Snapshot(), Is.EqualTo(before));
            Assert.That(fixture.GitHub.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task A_403_with_retry_after_is_waited_out()
    {
        fixture.GitHub.Enqueue("POST", "/repos/acme/catalog/releases", 403, """{"message":"You have exceeded a secondary rate limit."}""",
            new Dictionary<string, string> { ["retry-after"] = "3" });

        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(fixture.GitHub.HasRelease("prod/v1.4.0"), Is.True);
            Assert.That(fixture.RetryClock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(3) }));
        });
    }

    [Test]
    public async Task A_502_then_success_creates_the_release()
    {
        fixture.GitHub.Enqueue("POST", "/repos/acme/catalog/releases", 502, "<html>502 Bad Gateway</html>");

        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(fixture.GitHub.HasRelease("prod/v1.4.0"), Is.True);
            Assert.That(fixture.GitHub.ReleaseCreations, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_release_created_meanwhile_422_already_exists_counts_as_done()
    {
        fixture.GitHub.Enqueue("POST", "/repos/acme/catalog/releases", 422,
            """{"message":"Validation Failed","errors":[{"resource":"Release","code":"already_exists","field":"tag_name"}]}""");
        fixture.GitHub.AddRelease("prod/v1.4.0");

        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.GitHubRelease?.TagName, Is.EqualTo("prod/v1.4.0"));
            Assert.That(fixture.Origin.Git("rev-parse", "prod/v1.4.0^{commit}"), Is.EqualTo(fixture.Origin.Git("rev-parse", "main")));
        });
    }

    [Test]
    public async Task When_the_API_fails_after_the_push_a_rerun_creates_only_the_GitHub_release()
    {
        for (var i = 0; i < 5; i++)
        {
            fixture.GitHub.Enqueue("POST", "/repos/acme/catalog/releases", 500, """{"message":"Server Error"}""");
        }

        var error = Assert.ThrowsAsync<BuildFailedException>(() => ReleaseWorkflow.RunAsync(fixture.Request("1.4.0")));
        var tagObject = fixture.Origin.Git("rev-parse", "prod/v1.4.0");
        var originMain = fixture.Origin.Git("rev-parse", "main");

        var resumed = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.TargetFailed));
            Assert.That(error.Message, Does.Contain("are on the remote").And.Contain("only the GitHub release is missing")
                .And.Contain("./build.sh Release --version 1.4.0"));
            Assert.That(resumed.Plan.Mode, Is.EqualTo(ReleaseMode.ResumeGitHubRelease));
            Assert.That(resumed.PerformedSteps, Has.Count.EqualTo(2));
            Assert.That(fixture.Origin.Git("rev-parse", "prod/v1.4.0"), Is.EqualTo(tagObject), "no second tag");
            Assert.That(fixture.Origin.Git("rev-parse", "main"), Is.EqualTo(originMain), "no second commit");
            Assert.That(fixture.OriginLog().Split('\n').Count(s => s == "chore(release): 1.4.0"), Is.EqualTo(1));
            Assert.That(fixture.GitHub.Release("prod/v1.4.0")["body"]!.GetValue<string>(), Does.StartWith($"## 1.4.0 ({ReleaseFixture.TodayText})"));
        });
    }

    [Test]
    public async Task When_the_push_fails_a_rerun_pushes_the_same_commit_and_tag()
    {
        var hook = Path.Combine(fixture.Origin.Path, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\necho 'rejected by policy' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var error = Assert.ThrowsAsync<BuildFailedException>(() => ReleaseWorkflow.RunAsync(fixture.Request("1.4.0")));
        var localCommit = fixture.Work.Head;
        var localTag = fixture.Work.Git("rev-parse", "prod/v1.4.0");
        var originAfterFailure = fixture.Origin.Git("for-each-ref", "--format=%(refname) %(objectname)");
        File.Delete(hook);

        var resumed = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("exist only locally").And.Contain("git tag -d prod/v1.4.0 && git reset --hard HEAD~1"));
            Assert.That(originAfterFailure, Does.Not.Contain("prod/v1.4.0"), "the atomic push left nothing behind");
            Assert.That(resumed.Plan.Mode, Is.EqualTo(ReleaseMode.ResumeFromTag));
            Assert.That(fixture.Origin.Git("rev-parse", "main"), Is.EqualTo(localCommit));
            Assert.That(fixture.Origin.Git("rev-parse", "prod/v1.4.0"), Is.EqualTo(localTag));
            Assert.That(fixture.Work.Head, Is.EqualTo(localCommit), "no second commit");
            Assert.That(fixture.GitHub.HasRelease("prod/v1.4.0"), Is.True);
        });
    }

    [Test]
    public async Task A_release_commit_left_untagged_is_tagged_not_committed_again()
    {
        File.WriteAllText(Path.Combine(fixture.Work.Path, "CHANGELOG.md"), "# Changelog\n\n## 1.4.0 (2026-11-20)\n\n- by hand\n");
        fixture.Work.Git("commit", "--quiet", "--all", "--message=chore(release): 1.4.0");
        var releaseCommit = fixture.Work.Head;

        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Mode, Is.EqualTo(ReleaseMode.ResumeFromCommit));
            Assert.That(fixture.Work.Head, Is.EqualTo(releaseCommit));
            Assert.That(fixture.Origin.Git("rev-parse", "prod/v1.4.0^{commit}"), Is.EqualTo(releaseCommit));
            Assert.That(fixture.Origin.Git("rev-parse", "main"), Is.EqualTo(releaseCommit));
        });
    }

    [Test]
    public async Task Release_notes_left_by_an_earlier_run_do_not_make_the_tree_dirty_even_when_not_ignored()
    {
        fixture.Work.Git("rm", "--quiet", ".gitignore");
        fixture.Work.Git("commit", "--quiet", "--message=chore: track everything");
        fixture.Work.Git("push", "--quiet", "origin", "main");
        Directory.CreateDirectory(Path.Combine(fixture.Work.Path, "artifacts"));
        File.WriteAllText(Path.Combine(fixture.Work.Path, "artifacts", "release-notes.md"), "from an earlier dry run");

        var result = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Mode, Is.EqualTo(ReleaseMode.New));
            Assert.That(fixture.Origin.Git("show", "--name-only", "--format=", "main"), Is.EqualTo("CHANGELOG.md"), "only the changelog is committed");
        });
    }

    [Test]
    public async Task Re_running_a_complete_release_changes_nothing()
    {
        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));
        var before = fixture.Snapshot();

        var again = await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));

        Assert.Multiple(() =>
        {
            Assert.That(again.Plan.Mode, Is.EqualTo(ReleaseMode.Complete));
            Assert.That(again.PerformedSteps, Is.Empty);
            Assert.That(fixture.Snapshot(), Is.EqualTo(before));
            Assert.That(log.Text, Does.Contain("already complete"));
        });
    }

    [Test]
    public async Task The_next_release_lists_only_what_came_after_the_previous_one()
    {
        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.0"));
        fixture.Work.Commit("fix: after 1.4.0");
        fixture.Work.Git("push", "--quiet", "origin", "main");

        await ReleaseWorkflow.RunAsync(fixture.Request("1.4.1"));

        var body = fixture.GitHub.Release("prod/v1.4.1")["body"]!.GetValue<string>();
        var changelog = fixture.Origin.Git("show", "main:CHANGELOG.md");
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Contain("Changes since prod/v1.4.0.").And.Contain("after 1.4.0"));
            Assert.That(body, Does.Not.Contain("search by name").And.Not.Contain("chore(release)"));
            Assert.That(changelog.IndexOf("## 1.4.1", StringComparison.Ordinal), Is.LessThan(changelog.IndexOf("## 1.4.0", StringComparison.Ordinal)));
        });
    }

    private void AssertRefused(ReleaseRequest request, params string[] reasons)
    {
        var before = fixture.Snapshot();

        var error = Assert.ThrowsAsync<BuildFailedException>(() => ReleaseWorkflow.RunAsync(request));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), error.Message);
            foreach (var reason in reasons)
            {
                Assert.That(error.Message, Does.Contain(reason));
            }

            Assert.That(fixture.Snapshot(), Is.EqualTo(before), "nothing changed");
            Assert.That(fixture.GitHub.ReleaseCreations, Is.Empty);
            Assert.That(File.Exists(Path.Combine(fixture.Work.Path, "artifacts", "release-notes.md")), Is.False);
        });
    }
}
