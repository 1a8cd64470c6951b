using Slipway.Delivery.Git;

namespace Slipway.Delivery.Tests.Git;

public class GitCommandsTests
{
    private readonly GitCommands commands = new("/repo");

    [Test]
    public void Queries_run_in_the_repository_and_keep_their_output_out_of_the_log()
    {
        var invocation = commands.ListTags("prod/v", mergedInto: "abc");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.FileName, Is.EqualTo("git"));
            Assert.That(invocation.WorkingDirectory, Is.EqualTo("/repo"));
            Assert.That(invocation.LogOutput, Is.False);
            Assert.That(invocation.Arguments, Is.EqualTo(new[]
            {
                "for-each-ref", "--format=%(refname)%09%(objectname)%09%(*objectname)", "--merged=abc", "refs/tags/prod/v*",
            }));
        });
    }

    [Test]
    public void Log_selects_a_range_and_can_leave_out_merges()
    {
        Assert.Multiple(() =>
        {
            Assert.That(commands.Log("prod/v1.0.0", "HEAD", includeMerges: false).Arguments,
                Is.EqualTo(new[] { "log", "--format=%H%x1f%P%x1f%ct%x1f%B%x1e", "--no-merges", "prod/v1.0.0..HEAD", "--" }));
            Assert.That(commands.Log(null, "abc").Arguments,
                Is.EqualTo(new[] { "log", "--format=%H%x1f%P%x1f%ct%x1f%B%x1e", "abc", "--" }));
        });
    }

    [Test]
    public void Messages_go_through_standard_input_not_arguments()
    {
        var commit = commands.Commit("chore(release): 1.4.0\n\nbody with 'quotes'");
        var tag = commands.CreateAnnotatedTag("prod/v1.4.0", "abc", "Release 1.4.0");

        Assert.Multiple(() =>
        {
            Assert.That(commit.Arguments, Is.EqualTo(new[] { "commit", "--quiet", "--cleanup=whitespace", "--file=-" }));
            Assert.That(commit.StandardInput, Is.EqualTo("chore(release): 1.4.0\n\nbody with 'quotes'"));
            Assert.That(tag.Arguments, Is.EqualTo(new[] { "tag", "--annotate", "--cleanup=whitespace", "--file=-", "prod/v1.4.0", "abc" }));
            Assert.That(tag.StandardInput, Is.EqualTo("Release 1.4.0"));
        });
    }

    [Test]
    public void Push_sends_commit_and_tag_atomically_and_never_prompts()
    {
        var push = commands.PushCommitAndTag("origin", "abc123", "main", "prod/v1.4.0");

        Assert.Multiple(() =>
        {
            Assert.That(push.Arguments, Is.EqualTo(new[]
            {
                "push", "--atomic", "--porcelain", "origin", "abc123:refs/heads/main", "refs/tags/prod/v1.4.0:refs/tags/prod/v1.4.0",
            }));
            Assert.That(push.Environment["GIT_TERMINAL_PROMPT"], Is.EqualTo("0"));
            Assert.That(push.Timeout, Is.Not.Null);
            Assert.That(push.Render(), Is.EqualTo("git push --atomic --porcelain origin abc123:refs/heads/main refs/tags/prod/v1.4.0:refs/tags/prod/v1.4.0"));
        });
    }

    [Test]
    public void A_shallow_clone_is_deepened_with_all_tags()
    {
        var fetch = commands.FetchFullHistory("origin");

        Assert.Multiple(() =>
        {
            Assert.That(fetch.Arguments, Is.EqualTo(new[] { "fetch", "--unshallow", "--tags", "--quiet", "origin" }));
            Assert.That(fetch.Environment["GIT_TERMINAL_PROMPT"], Is.EqualTo("0"));
        });
    }

    [Test]
    public void Ls_remote_asks_for_the_given_patterns()
    {
        Assert.That(commands.LsRemote("origin", "refs/heads/main", "refs/tags/prod/v*").Arguments,
            Is.EqualTo(new[] { "ls-remote", "origin", "refs/heads/main", "refs/tags/prod/v*" }));
    }

    [Test]
    public void A_bot_branch_is_created_committed_with_only_its_paths_and_force_pushed_without_prompting()
    {
        var commit = commands.CommitOnly("build(deps): x\n\n# table", "Dockerfile");
        var push = commands.ForcePushHeadTo("origin", "deps/base-pins-2026-12-07");

        Assert.Multiple(() =>
        {
            Assert.That(commands.SwitchToNewBranch("deps/base-pins-2026-12-07").Arguments,
                Is.EqualTo(new[] { "switch", "--quiet", "--force-create", "deps/base-pins-2026-12-07" }));
            Assert.That(commit.Arguments, Is.EqualTo(new[] { "commit", "--quiet", "--cleanup=whitespace", "--file=-", "--only", "--", "Dockerfile" }));
            Assert.That(commit.StandardInput, Is.EqualTo("build(deps): x\n\n# table"));
            Assert.That(push.Arguments, Is.EqualTo(new[] { "push", "--force", "--porcelain", "origin", "HEAD:refs/heads/deps/base-pins-2026-12-07" }));
            Assert.That(push.Environment["GIT_TERMINAL_PROMPT"], Is.EqualTo("0"));
        });
    }
}
