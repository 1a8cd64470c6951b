using Slipway.Delivery.Git;
using Slipway.Delivery.PullRequests;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.PullRequests;

public class PullRequestCheckTests
{
    private static GitCommit Commit(string sha, string message) => new(sha, ["parent"], DateTimeOffset.UnixEpoch, message);

    [Test]
    public void A_conventional_title_and_commits_pass_and_the_lines_changed_give_the_size()
    {
        var verdict = PullRequestCheck.Judge(new PullRequestFacts("feat(catalog): search items by name",
            [Commit("aaaaaaa1", "feat(catalog): search"), Commit("bbbbbbb2", "test: search by name\n\nbody"), Commit("ccccccc3", "fixup! feat(catalog): search")], 42));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Problems, Is.Empty);
            Assert.That(verdict.SizeLabel, Is.EqualTo("size/M"));
        });
    }

    [Test]
    public void Each_problem_names_the_title_or_commit_and_how_to_fix_it()
    {
        var verdict = PullRequestCheck.Judge(new PullRequestFacts("Add search",
            [Commit("1234567890", "wip"), Commit("abcdef0123", "feature: search"), Commit("fedcba9876", "Revert \"feat: search\"")], 3));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.False);
            Assert.That(verdict.Problems, Has.Count.EqualTo(3), "git's own revert message is accepted");
            Assert.That(verdict.Problems[0], Does.StartWith("The title \"Add search\" is not a Conventional Commit").And.Contain("edit the title"));
            Assert.That(verdict.Problems[1], Does.StartWith("Commit 1234567 \"wip\" is not a Conventional Commit").And.Contain("git rebase -i"));
            Assert.That(verdict.Problems[2], Does.Contain("has the type \"feature\", which the changelog does not know (one of feat, fix"));
        });
    }

    [TestCase(0, "XS")]
    [TestCase(9, "XS")]
    [TestCase(10, "S")]
    [TestCase(99, "M")]
    [TestCase(100, "L")]
    [TestCase(999, "XL")]
    [TestCase(1000, "XXL")]
    public void Sizes_follow_the_default_thresholds(int lines, string size)
    {
        Assert.That(PullRequestCheck.Size(lines, PullRequestCheck.DefaultSizeThresholds), Is.EqualTo(size));
    }

    [TestCase(new[] { 10, 30, 100 })]
    [TestCase(new[] { 10, 30, 30, 500, 1000 })]
    [TestCase(new[] { 0, 30, 100, 500, 1000 })]
    public void Thresholds_that_are_not_five_increasing_counts_are_bad_input(int[] thresholds)
    {
        var error = Assert.Throws<BuildFailedException>(() => PullRequestCheck.Size(1, thresholds));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("5 increasing positive line counts"));
    }
}
