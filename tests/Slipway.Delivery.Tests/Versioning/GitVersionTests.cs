using Slipway.Delivery.Tests.Git;
using Slipway.Delivery.Versioning;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Versioning;

/// <summary>Versions computed from real repositories: the facts come from git, not from a fake.</summary>
public class GitVersionTests
{
    private readonly List<IDisposable> cleanup = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var item in cleanup)
        {
            item.Dispose();
        }

        cleanup.Clear();
    }

    [Test]
    public async Task Main_is_the_next_patch_with_the_commit_count()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Commits(3);

        var version = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.2.4-3"));
            Assert.That(version.BranchName, Is.EqualTo("main"));
            Assert.That(version.Sha, Is.EqualTo(repo.Head));
            Assert.That(version.ShortSha, Is.EqualTo(repo.Head[..7]));
            Assert.That(version.CommitsSinceTag, Is.EqualTo(3));
            Assert.That(version.InformationalVersion, Is.EqualTo($"1.2.4-3+Branch.main.Sha.{repo.Head}"));
        });
    }

    [TestCase("develop", "1.3.0-alpha.2")]
    [TestCase("release/1.4.0", "1.4.0-beta.2")]
    [TestCase("hotfix/payment-timeout", "1.2.4-beta.2")]
    [TestCase("feature/Search_Box", "1.2.4-feature-search-box.2")]
    public async Task Each_branch_kind_gets_its_label(string branch, string expected)
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Checkout(branch, create: true);
        repo.Commits(2);

        var version = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo(expected));
            Assert.That(version.BranchName, Is.EqualTo(branch));
        });
    }

    [Test]
    public async Task A_pull_request_build_on_a_detached_merge_commit_uses_GitHubs_refs()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Checkout("feature/login", create: true);
        repo.Commits(2);
        repo.Checkout("main");
        repo.Git("merge", "--no-ff", "--quiet", "--message=Merge abc into def", "feature/login");
        repo.Git("checkout", "--quiet", "--detach", "HEAD");

        var version = await ComputeAsync(repo, new BranchHints("refs/pull/12/merge", "feature/login"));

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.2.4-pr12.3"));
            Assert.That(version.PullRequestNumber, Is.EqualTo(12));
            Assert.That(version.BranchName, Is.EqualTo("feature/login"));
        });
    }

    [Test]
    public async Task A_detached_push_build_takes_its_branch_from_GITHUB_REF()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Checkout("develop", create: true);
        repo.Commit("feat: more");
        repo.Git("checkout", "--quiet", "--detach", "HEAD");

        var withHint = await ComputeAsync(repo, new BranchHints("refs/heads/develop", null));
        var withoutHint = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(withHint.SemVer, Is.EqualTo("1.3.0-alpha.1"));
            Assert.That(withoutHint.SemVer, Is.EqualTo("1.2.4-detached.1"));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_tagged_head_is_exactly_that_version(bool annotated)
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Commits(2);
        repo.Tag("prod/v1.3.0", annotated);
        repo.Tag("unrelated-tag");

        var version = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.3.0"));
            Assert.That(version.IsTaggedRelease, Is.True);
            Assert.That(version.CommitsSinceTag, Is.Zero);
            Assert.That(version.ToMSBuildArguments(), Does.Contain("-p:Version=1.3.0"));
        });
    }

    [Test]
    public async Task A_semver_directive_in_a_commit_message_bumps_the_version()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Commit("fix: small");
        repo.Commit("feat: new API\n\nReplaces the old one.\n\n+semver: major");
        repo.Commit("docs: readme");

        var version = await ComputeAsync(repo);

        Assert.That(version.SemVer, Is.EqualTo("2.0.0-3"));
    }

    [Test]
    public async Task A_directive_before_the_latest_tag_no_longer_counts()
    {
        var repo = NewRepository();
        repo.Commit("feat: first\n\n+semver: minor");
        repo.Tag("prod/v1.2.3");
        repo.Commit("fix: small");

        var version = await ComputeAsync(repo);

        Assert.That(version.SemVer, Is.EqualTo("1.2.4-1"));
    }

    [Test]
    public async Task Pre_release_tags_are_versions_not_yet_shipped()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.3.2");
        repo.Commit("feat: big");
        repo.Tag("prod/v1.4.0-rc.1");
        var onTag = await ComputeAsync(repo);
        repo.Commits(2);

        var onMain = await ComputeAsync(repo);
        repo.Checkout("develop", create: true);
        repo.Commit("feat: next");
        var onDevelop = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(onTag.SemVer, Is.EqualTo("1.4.0-rc.1"));
            Assert.That(onMain.SemVer, Is.EqualTo("1.4.0-rc.1.2"));
            Assert.That(onMain.VersionSourceTag, Is.EqualTo("prod/v1.4.0-rc.1"));
            Assert.That(onDevelop.SemVer, Is.EqualTo("1.5.0-alpha.3"), "develop is past the release candidate (1.4.0-alpha.3 sorted below it)");
        });
    }

    [Test]
    public async Task A_release_branch_tagged_and_merged_back_moves_main_and_develop_on()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.3.0");
        repo.Checkout("develop", create: true);
        repo.Commit("feat: search");
        repo.Checkout("release/1.4.0", create: true);
        repo.Commit("fix: polish");
        var onRelease = await ComputeAsync(repo);
        repo.Commit("chore(release): 1.4.0");
        repo.Tag("prod/v1.4.0");

        repo.Checkout("main");
        repo.Merge("release/1.4.0", "Merge branch 'release/1.4.0'");
        var mainAfterMerge = await ComputeAsync(repo);
        repo.Checkout("develop");
        repo.Commit("feat: during release");
        repo.Merge("release/1.4.0", "Merge branch 'release/1.4.0' into develop");
        var developAfterMerge = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(onRelease.SemVer, Is.EqualTo("1.4.0-beta.2"));
            Assert.That(mainAfterMerge.SemVer, Is.EqualTo("1.4.1-1"));
            Assert.That(mainAfterMerge.VersionSourceTag, Is.EqualTo("prod/v1.4.0"));
            Assert.That(developAfterMerge.SemVer, Is.EqualTo("1.5.0-alpha.2"));
        });
    }

    [Test]
    public async Task A_release_branch_merged_into_main_before_tagging_announces_its_version()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.3.0");
        repo.Checkout("release/1.4.0", create: true);
        repo.Commit("fix: polish");
        repo.Checkout("main");
        repo.Merge("release/1.4.0", "Merge branch 'release/1.4.0'");

        var version = await ComputeAsync(repo);

        Assert.That(version.SemVer, Is.EqualTo("1.4.0-2"));
    }

    [Test]
    public async Task Without_tags_the_version_starts_at_0_1_0()
    {
        var repo = NewRepository();
        repo.Commits(4);

        var version = await ComputeAsync(repo);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("0.1.0-4"));
            Assert.That(version.VersionSourceTag, Is.Null);
        });
    }

    [Test]
    public async Task Tags_with_another_prefix_or_an_invalid_version_are_ignored_and_the_prefix_is_configurable()
    {
        var repo = NewRepository();
        repo.Commit("feat: first");
        repo.Tag("prod/v1.2.3");
        repo.Tag("v9.0.0");
        repo.Tag("prod/v2.0");
        repo.Tag("release-3.1.0");
        repo.Commit("fix: a");

        var standard = await ComputeAsync(repo);
        var custom = await GitVersion.ComputeAsync(
            new GitVersionRequest(repo.Path, BranchHints.None) { Options = new VersioningOptions { TagPrefix = "release-" } });

        Assert.Multiple(() =>
        {
            Assert.That(standard.SemVer, Is.EqualTo("1.2.4-1"));
            Assert.That(custom.SemVer, Is.EqualTo("3.1.1-1"));
        });
    }

    [Test]
    public async Task A_shallow_clone_fetches_its_history_and_tags_before_computing()
    {
        var origin = NewRepository();
        origin.Commit("feat: first");
        origin.Tag("prod/v1.2.3");
        origin.Commits(3);
        var clone = Track(TempGitRepository.Clone("file://" + origin.Path, "--depth=1", "--no-tags"));
        Assert.That(clone.Git("rev-parse", "--is-shallow-repository"), Is.EqualTo("true"));

        var version = await ComputeAsync(clone);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.2.4-3"));
            Assert.That(clone.Git("rev-parse", "--is-shallow-repository"), Is.EqualTo("false"));
        });
    }

    [Test]
    public void A_shallow_clone_that_cannot_fetch_fails_and_asks_for_fetch_depth_0()
    {
        var origin = NewRepository();
        origin.Commit("feat: first");
        origin.Tag("prod/v1.2.3");
        origin.Commits(3);
        var clone = Track(TempGitRepository.Clone("file://" + origin.Path, "--depth=1"));
        clone.Git("remote", "set-url", "origin", "file:///nonexistent/slipway-origin");

        var error = Assert.ThrowsAsync<BuildFailedException>(() => ComputeAsync(clone));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(error.Message, Does.Contain("fetch-depth: 0"));
            Assert.That(error.Message, Does.Contain("shallow"));
        });
    }

    [Test]
    public void A_repository_without_commits_is_bad_input()
    {
        var repo = NewRepository();

        var error = Assert.ThrowsAsync<BuildFailedException>(() => ComputeAsync(repo));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
    }

    [Test]
    public void A_folder_outside_any_repository_is_bad_input()
    {
        var folder = Path.Combine(Path.GetTempPath(), "slipway-nogit-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var error = Assert.ThrowsAsync<BuildFailedException>(() => GitVersion.ComputeAsync(new GitVersionRequest(folder, BranchHints.None)));

            Assert.That(error!.Message, Does.Contain("not inside a git work tree"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<GitVersionInfo> ComputeAsync(TempGitRepository repo, BranchHints? hints = null) =>
        GitVersion.ComputeAsync(new GitVersionRequest(repo.Path, hints ?? BranchHints.None));

    private TempGitRepository NewRepository() => Track(TempGitRepository.Create());

    private TempGitRepository Track(TempGitRepository repository)
    {
        cleanup.Add(repository);
        return repository;
    }
}
