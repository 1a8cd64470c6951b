using System.Globalization;
using System.Text.Json;
using Slipway.Delivery.Git;
using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Tests.Versioning;

public class VersionCalculatorTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";

    [TestCase("main", "1.2.4-3")]
    [TestCase("master", "1.2.4-3")]
    [TestCase("develop", "1.3.0-alpha.3")]
    [TestCase("release/1.4.0", "1.4.0-beta.3")]
    [TestCase("release-2.0", "2.0.0-beta.3")]
    [TestCase("release/next", "1.3.0-beta.3")]
    [TestCase("hotfix/login-crash", "1.2.4-beta.3")]
    [TestCase("feature/Add_Login", "1.2.4-feature-add-login.3")]
    public void Each_branch_kind_gets_its_increment_and_label(string branch, string expected)
    {
        var version = Calculate(branch, [Tag("1.2.3")], Commits(3));

        Assert.That(version.SemVer, Is.EqualTo(expected));
    }

    [Test]
    public void A_pull_request_is_labelled_with_its_number()
    {
        var facts = new VersionFacts(Head, new BranchInfo("feature/x", BranchKind.PullRequest, 42), [Tag("1.2.3")], Commits(2));

        var version = VersionCalculator.Calculate(facts);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.2.4-pr42.2"));
            Assert.That(version.PullRequestNumber, Is.EqualTo(42));
            Assert.That(version.BranchName, Is.EqualTo("feature/x"));
        });
    }

    [Test]
    public void A_tag_on_head_is_exactly_that_version_whatever_the_branch()
    {
        var tags = new[] { Tag("1.2.3", "aaaa"), Tag("1.3.0-rc.1", Head), Tag("1.3.0", Head) };

        var version = Calculate("develop", tags, []);

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.3.0"));
            Assert.That(version.FullSemVer, Is.EqualTo("1.3.0"));
            Assert.That(version.IsTaggedRelease, Is.True);
            Assert.That(version.CommitsSinceTag, Is.Zero);
            Assert.That(version.VersionSourceTag, Is.EqualTo("prod/v1.3.0"));
        });
    }

    [Test]
    public void A_pre_release_tag_on_head_is_exactly_that_pre_release()
    {
        var version = Calculate("main", [Tag("1.2.3", "aaaa"), Tag("1.3.0-rc.1", Head)], []);

        Assert.That(version.SemVer, Is.EqualTo("1.3.0-rc.1"));
    }

    [TestCase("main", "+semver: minor", "1.3.0-2")]
    [TestCase("main", "+semver: major", "2.0.0-2")]
    [TestCase("main", "+semver:feature", "1.3.0-2")]
    [TestCase("main", "+semver: breaking", "2.0.0-2")]
    [TestCase("main", "+semver: patch", "1.2.4-2")]
    [TestCase("develop", "+semver: patch", "1.3.0-alpha.2")]
    [TestCase("develop", "+SemVer: Major", "2.0.0-alpha.2")]
    [TestCase("feature/x", "+semver: minor", "1.3.0-feature-x.2")]
    [TestCase("release/1.4.0", "+semver: major", "1.4.0-beta.2")]
    public void A_semver_directive_in_a_commit_bumps_at_least_that_much(string branch, string directive, string expected)
    {
        var commits = new[] { Commit("fix: something"), Commit($"feat: bigger\n\nBody text.\n\n{directive}") };

        var version = Calculate(branch, [Tag("1.2.3")], commits);

        Assert.That(version.SemVer, Is.EqualTo(expected));
    }

    [TestCase("main", "0.1.0-5")]
    [TestCase("develop", "0.1.0-alpha.5")]
    [TestCase("feature/x", "0.1.0-feature-x.5")]
    public void Without_any_tag_versions_start_at_0_1_0(string branch, string expected)
    {
        var version = Calculate(branch, [], Commits(5));

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo(expected));
            Assert.That(version.VersionSourceTag, Is.Null);
        });
    }

    [Test]
    public void Without_any_tag_a_major_directive_still_counts()
    {
        var version = Calculate("main", [], [Commit("feat: first\n\n+semver: major")]);

        Assert.That(version.SemVer, Is.EqualTo("1.0.0-1"));
    }

    [TestCase("main", "1.4.0-rc.1.2")]
    [TestCase("release/1.4.0", "1.4.0-rc.1.2")]
    [TestCase("hotfix/x", "1.4.0-rc.1.2")]
    [TestCase("develop", "1.5.0-alpha.2")]
    [TestCase("feature/y", "1.4.0-rc.1.feature-y.2")]
    public void After_a_pre_release_tag_its_version_is_not_yet_shipped(string branch, string expected)
    {
        var version = Calculate(branch, [Tag("1.3.2"), Tag("1.4.0-rc.1")], Commits(2));

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo(expected));
            Assert.That(version.VersionSourceTag, Is.EqualTo("prod/v1.4.0-rc.1"));
        });
    }

    /// <summary>Found by comparing with GitVersion's scenarios: develop after prod/v1.0.0-alpha.3 gave 1.0.0-alpha.1.</summary>
    [TestCase("develop", "1.0.0-alpha.3", 2, "1.0.0-alpha.5")]
    [TestCase("release/1.4.0", "1.4.0-beta.2", 1, "1.4.0-beta.3")]
    [TestCase("aaa", "1.0.0-alpha.3", 1, "1.0.0-alpha.3.aaa.1")]
    [TestCase("develop", "2.0.0-rc.1", 1, "2.1.0-alpha.1")]
    public void A_version_computed_after_a_pre_release_tag_counts_on_from_it(string branch, string tag, int commits, string expected)
    {
        var version = Calculate(branch, [Tag(tag)], Commits(commits));

        Assert.That(version.SemVer, Is.EqualTo(expected));
    }

    [Test]
    public void Counting_on_from_a_pre_release_tag_rises_with_every_commit([Values("develop", "release/1.4.0", "main", "aaa")] string branch)
    {
        var versions = Enumerable.Range(1, 14).Select(n => StrictSemVer.Parse(Calculate(branch, [Tag("1.4.0-beta.9"), Tag("1.4.0-alpha.3")], Commits(n)).SemVer)).ToList();

        Assert.That(versions.Zip(versions.Skip(1)).Where(p => StrictSemVer.Compare(p.Second, p.First) <= 0).Select(p => $"{p.First} then {p.Second}"), Is.Empty);
    }

    [Test]
    public void On_no_branch_does_a_version_computed_after_a_tag_sort_below_it(
        [Values("main", "develop", "release/1.4.0", "release/next", "hotfix/x", "aaa", "feature/zzz", "detached-x")] string branch,
        [Values("1.0.0-alpha.3", "1.4.0-rc.1", "1.4.0-beta.9", "1.4.0-zeta.1", "1.3.9", "0.0.1-a")] string tag,
        [Values(1, 12)] int commits)
    {
        var version = StrictSemVer.Parse(Calculate(branch, [Tag(tag)], Commits(commits)).SemVer);

        Assert.That(StrictSemVer.Compare(version, StrictSemVer.Parse(tag)), Is.GreaterThan(0), $"{version} after {tag} on {branch}");
    }

    [TestCase("release/2.0.0-rc", "2.0.0-beta.3")]
    [TestCase("release-2.0.0-final", "2.0.0-beta.3")]
    [TestCase("releases/v2.1_hardening", "2.1.0-beta.3")]
    [TestCase("release/2.0.0.1", "1.3.0-beta.3")]
    public void A_release_branch_takes_the_version_its_name_starts_with(string branch, string expected)
    {
        var version = Calculate(branch, [Tag("1.2.3")], Commits(3));

        Assert.That(version.SemVer, Is.EqualTo(expected));
    }

    [Test]
    public void On_main_a_version_continuing_a_pre_release_sorts_after_it()
    {
        var next = NuGet.Versioning.SemanticVersion.Parse(Calculate("main", [Tag("1.4.0-rc.1")], Commits(1)).SemVer);

        Assert.That(StrictSemVer.Compare(next, StrictSemVer.Parse("1.4.0-rc.1")), Is.GreaterThan(0));
    }

    [TestCase("main", "1.4.0-3")]
    [TestCase("develop", "1.5.0-alpha.3")]
    [TestCase("feature/z", "1.3.1-feature-z.3")]
    public void A_merged_release_branch_moves_main_and_develop(string branch, string expected)
    {
        var merge = new GitCommit("m1", ["p1", "p2"], DateTimeOffset.UnixEpoch, "Merge branch 'release/1.4.0' into " + branch);
        var github = new GitCommit("m2", ["p1", "p2"], DateTimeOffset.UnixEpoch, "Merge pull request #9 from acme/release/1.4.0\n\nRelease");

        var version = Calculate(branch, [Tag("1.3.0")], [Commit("fix: a"), merge, github]);

        Assert.That(version.SemVer, Is.EqualTo(expected));
    }

    [Test]
    public void A_merged_release_that_is_already_tagged_does_not_hold_main_back()
    {
        var merge = new GitCommit("m1", ["p1", "p2"], DateTimeOffset.UnixEpoch, "Merge branch 'release/1.4.0'");

        var version = Calculate("main", [Tag("1.3.0"), Tag("1.4.0")], [merge]);

        Assert.That(version.SemVer, Is.EqualTo("1.4.1-1"));
    }

    [Test]
    public void Outputs_are_derived_the_way_GitVersion_names_them()
    {
        var version = Calculate("feature/a_b", [Tag("1.2.3")], Commits(4));

        Assert.Multiple(() =>
        {
            Assert.That(version.SemVer, Is.EqualTo("1.2.4-feature-a-b.4"));
            Assert.That(version.FullSemVer, Is.EqualTo("1.2.4-feature-a-b.4+4"));
            Assert.That(version.InformationalVersion, Is.EqualTo($"1.2.4-feature-a-b.4+Branch.feature-a-b.Sha.{Head}"));
            Assert.That(version.AssemblyVersion, Is.EqualTo("1.2.4.0"));
            Assert.That(version.ShortSha, Is.EqualTo("0123456"));
            Assert.That(version.BranchName, Is.EqualTo("feature/a_b"));
            Assert.That(version.CommitsSinceTag, Is.EqualTo(4));
            Assert.That(version.PreReleaseTag, Is.EqualTo("feature-a-b.4"));
        });
    }

    [Test]
    public void MSBuild_arguments_stamp_version_assembly_version_and_informational_version()
    {
        var version = Calculate("main", [Tag("1.2.3")], Commits(2));

        Assert.That(version.ToMSBuildArguments(), Is.EqualTo(new[]
        {
            "-p:Version=1.2.4-2",
            "-p:AssemblyVersion=1.2.4.0",
            $"-p:InformationalVersion=1.2.4-2+Branch.main.Sha.{Head}",
            "-p:IncludeSourceRevisionInInformationalVersion=false",
        }));
    }

    [Test]
    public void Json_carries_every_output_under_GitVersion_names()
    {
        var version = Calculate("main", [Tag("1.2.3")], Commits(2));

        using var json = JsonDocument.Parse(version.ToJson());
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("SemVer").GetString(), Is.EqualTo("1.2.4-2"));
            Assert.That(root.GetProperty("FullSemVer").GetString(), Is.EqualTo("1.2.4-2+2"));
            Assert.That(root.GetProperty("InformationalVersion").GetString(), Is.EqualTo($"1.2.4-2+Branch.main.Sha.{Head}"));
            Assert.That(root.GetProperty("AssemblyVersion").GetString(), Is.EqualTo("1.2.4.0"));
            Assert.That(root.GetProperty("ShortSha").GetString(), Is.EqualTo("0123456"));
            Assert.That(root.GetProperty("BranchName").GetString(), Is.EqualTo("main"));
            Assert.That(root.GetProperty("CommitsSinceTag").GetInt32(), Is.EqualTo(2));
            Assert.That(root.TryGetProperty("MSBuildProperties", out _), Is.False);
        });
    }

    [TestCase("feature/Add_Login", "feature-add-login")]
    [TestCase("users/jörg/ÜBER--fix", "users-j-rg-ber-fix")]
    [TestCase("___", "branch")]
    [TestCase("0123", "branch-0123")]
    [TestCase("dependabot/nuget/src/Catalog.Api/Microsoft.EntityFrameworkCore-10.0.14", "dependabot-nuget-src-catalog-api-microso")]
    public void Branch_names_become_valid_pre_release_identifiers(string branch, string expected)
    {
        var label = VersionCalculator.SanitizeLabel(branch);

        Assert.Multiple(() =>
        {
            Assert.That(label, Is.EqualTo(expected));
            Assert.That(StrictSemVer.TryParse($"1.0.0-{label}.1", out _, out var error), Is.True, error);
        });
    }

    private static GitVersionInfo Calculate(string branch, IReadOnlyList<VersionTag> tags, IReadOnlyList<GitCommit> commits) =>
        VersionCalculator.Calculate(new VersionFacts(Head, new BranchInfo(branch, BranchResolver.Classify(branch)), tags, commits));

    private static VersionTag Tag(string version, string commit = "ffff") =>
        new("prod/v" + version, StrictSemVer.Parse(version), commit);

    private static GitCommit Commit(string message) =>
        new(Guid.NewGuid().ToString("N"), ["parent"], DateTimeOffset.UnixEpoch, message);

    private static GitCommit[] Commits(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Commit("chore: work " + i.ToString(CultureInfo.InvariantCulture)))];
}
