using Slipway.Delivery.Git;
using Slipway.Delivery.Release;

namespace Slipway.Delivery.Tests.Release;

public class ChangelogBuilderTests
{
    private static readonly DateOnly Date = new(2026, 11, 21);

    [Test]
    public void Commits_are_grouped_breaking_first_then_features_fixes_performance_and_the_rest()
    {
        GitCommit[] commits =
        [
            Commit("aaaaaaa1", "docs: explain releases"),
            Commit("bbbbbbb2", "perf(db): cache lookups"),
            Commit("ccccccc3", "refactor: rename settings\n\nBREAKING CHANGE: config keys are now kebab-case"),
            Commit("ddddddd4", "fix: null price no longer crashes"),
            Commit("eeeeeee5", "feat(catalog): search by name"),
            Commit("fffffff6", "feat(api)!: drop the v1 endpoints"),
            Commit("0000007", "Update README"),
        ];

        var notes = ChangelogBuilder.Build("1.4.0", Date, "prod/v1.3.0", commits);

        Assert.That(notes, Is.EqualTo("""
            ## 1.4.0 (2026-11-21)

            Changes since prod/v1.3.0.

            ### Breaking changes

            - rename settings — config keys are now kebab-case (ccccccc)
            - **api:** drop the v1 endpoints (fffffff)

            ### Features

            - **catalog:** search by name (eeeeeee)

            ### Bug fixes

            - null price no longer crashes (ddddddd)

            ### Performance

            - **db:** cache lookups (bbbbbbb)

            ### Other

            - docs: explain releases (aaaaaaa)
            - Update README (0000007)

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Merges_and_earlier_release_commits_are_left_out_and_empty_groups_are_omitted()
    {
        GitCommit[] commits =
        [
            new("1111111a", ["p1", "p2"], DateTimeOffset.UnixEpoch, "Merge branch 'feature/x'"),
            Commit("2222222b", "chore(release): 1.4.0-rc.1"),
            Commit("3333333c", "fix: one"),
        ];

        var notes = ChangelogBuilder.Build("1.4.0", Date, null, commits);

        Assert.Multiple(() =>
        {
            Assert.That(notes, Does.Contain("First release."));
            Assert.That(notes, Does.Contain("- one (3333333)"));
            Assert.That(notes, Does.Not.Contain("Merge branch").And.Not.Contain("rc.1").And.Not.Contain("### Features"));
        });
    }

    [Test]
    public void No_commits_still_make_a_section()
    {
        var notes = ChangelogBuilder.Build("1.4.1", Date, "prod/v1.4.0", []);

        Assert.That(notes, Does.StartWith("## 1.4.1 (2026-11-21)").And.Contain("No changes besides the release itself."));
    }

    [Test]
    public void A_new_section_goes_above_the_newest_entry_and_keeps_the_introduction()
    {
        const string existing = "# Changelog\n\nAll notable changes.\n\n## 1.3.0 (2026-01-01)\n\n- old\n";

        var updated = ChangelogBuilder.PrependTo(existing, "## 1.4.0 (2026-11-21)\n\n- new\n");

        Assert.That(updated, Is.EqualTo("# Changelog\n\nAll notable changes.\n\n## 1.4.0 (2026-11-21)\n\n- new\n\n## 1.3.0 (2026-01-01)\n\n- old\n"));
    }

    [Test]
    public void A_missing_changelog_is_started_and_one_without_entries_is_appended_to()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ChangelogBuilder.PrependTo(null, "## 1.0.0\n"), Is.EqualTo("# Changelog\n\n## 1.0.0\n"));
            Assert.That(ChangelogBuilder.PrependTo("# Changelog\r\n\r\nIntro.\r\n", "## 1.0.0\n"), Is.EqualTo("# Changelog\n\nIntro.\n\n## 1.0.0\n"));
            Assert.That(ChangelogBuilder.PrependTo("## 0.9.0\n- x\n", "## 1.0.0\n"), Is.EqualTo("## 1.0.0\n\n## 0.9.0\n- x\n"));
        });
    }

    [TestCase("feat: a", "feat", null, false)]
    [TestCase("Feat(UI): a", "feat", "UI", false)]
    [TestCase("fix!: a", "fix", null, true)]
    [TestCase("chore(deps)!: bump", "chore", "deps", true)]
    [TestCase("just words", null, null, false)]
    [TestCase("feat:missing space", null, null, false)]
    public void Conventional_commit_headers_are_read(string subject, string? type, string? scope, bool breaking)
    {
        var parsed = ConventionalCommit.Parse(Commit("abc", subject));

        Assert.That((parsed.Type, parsed.Scope, parsed.IsBreaking), Is.EqualTo((type, scope, breaking)));
    }

    private static GitCommit Commit(string sha, string message) => new(sha, ["parent"], DateTimeOffset.UnixEpoch, message);
}
