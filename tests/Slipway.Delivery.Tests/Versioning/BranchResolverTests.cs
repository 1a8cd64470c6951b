using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Tests.Versioning;

public class BranchResolverTests
{
    [Test]
    public void A_pull_request_ref_wins_and_names_the_source_branch()
    {
        var branch = BranchResolver.Resolve(null, new BranchHints("refs/pull/17/merge", "feature/login"));

        Assert.That(branch, Is.EqualTo(new BranchInfo("feature/login", BranchKind.PullRequest, 17)));
    }

    [Test]
    public void A_pull_request_without_head_ref_is_named_after_its_number()
    {
        var branch = BranchResolver.Resolve("whatever", new BranchHints("refs/pull/3/head", null));

        Assert.That(branch, Is.EqualTo(new BranchInfo("pull/3", BranchKind.PullRequest, 3)));
    }

    [Test]
    public void The_checked_out_branch_is_used_when_there_is_one()
    {
        var branch = BranchResolver.Resolve("develop", new BranchHints("refs/heads/main", null));

        Assert.That(branch, Is.EqualTo(new BranchInfo("develop", BranchKind.Develop)));
    }

    [Test]
    public void A_detached_head_in_CI_takes_the_branch_from_GITHUB_REF()
    {
        var branch = BranchResolver.Resolve(null, new BranchHints("refs/heads/release/2.1.0", null));

        Assert.That(branch, Is.EqualTo(new BranchInfo("release/2.1.0", BranchKind.Release)));
    }

    [Test]
    public void A_detached_head_without_hints_is_reported_as_detached()
    {
        var fromTagBuild = BranchResolver.Resolve(null, new BranchHints("refs/tags/prod/v1.0.0", null));
        var local = BranchResolver.Resolve(null, BranchHints.None);

        Assert.Multiple(() =>
        {
            Assert.That(fromTagBuild.Kind, Is.EqualTo(BranchKind.Detached));
            Assert.That(local.Kind, Is.EqualTo(BranchKind.Detached));
        });
    }

    [TestCase("main", BranchKind.Main)]
    [TestCase("master", BranchKind.Main)]
    [TestCase("develop", BranchKind.Develop)]
    [TestCase("dev", BranchKind.Develop)]
    [TestCase("release/1.4.0", BranchKind.Release)]
    [TestCase("releases/next", BranchKind.Release)]
    [TestCase("hotfix/fix-login", BranchKind.Hotfix)]
    [TestCase("hotfixes-1.2.1", BranchKind.Hotfix)]
    [TestCase("feature/main", BranchKind.Other)]
    [TestCase("maintenance", BranchKind.Other)]
    [TestCase("developer-docs", BranchKind.Other)]
    public void Branch_names_are_classified_with_GitVersions_patterns(string name, object expected)
    {
        Assert.That(BranchResolver.Classify(name), Is.EqualTo(expected));
    }
}
