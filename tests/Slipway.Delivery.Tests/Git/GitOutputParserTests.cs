using Slipway.Delivery.Git;

namespace Slipway.Delivery.Tests.Git;

public class GitOutputParserTests
{
    [TestCase(" 3 files changed, 10 insertions(+), 2 deletions(-)\n", 12)]
    [TestCase(" 1 file changed, 1 insertion(+)\n", 1)]
    [TestCase(" 1 file changed, 4 deletions(-)\n", 4)]
    [TestCase("", 0)]
    public void A_short_stat_counts_insertions_and_deletions(string output, int lines)
    {
        Assert.That(GitOutputParser.ParseShortStat(output), Is.EqualTo(lines));
    }

    [Test]
    public void Tags_keep_their_object_and_peeled_commit()
    {
        var tags = GitOutputParser.ParseTags("refs/tags/prod/v1.0.0\taaa\tccc\nrefs/tags/prod/v1.1.0\tbbb\t\n");

        Assert.That(tags, Is.EqualTo(new[]
        {
            new GitTagRef("prod/v1.0.0", "aaa", "ccc"),
            new GitTagRef("prod/v1.1.0", "bbb", "bbb"),
        }));
        Assert.That(tags[0].IsAnnotated && !tags[1].IsAnnotated, Is.True);
    }

    [Test]
    public void Log_records_split_into_sha_parents_date_and_message()
    {
        const string output = "aaa\u001fp1 p2\u001f1700000000\u001fMerge branch 'x'\n\u001e\nbbb\u001fp0\u001f1700000001\u001ffeat: a\n\nbody line\n\nBREAKING CHANGE: gone\n\u001e\n";

        var commits = GitOutputParser.ParseLog(output);

        Assert.Multiple(() =>
        {
            Assert.That(commits, Has.Count.EqualTo(2));
            Assert.That(commits[0].IsMerge, Is.True);
            Assert.That(commits[0].Subject, Is.EqualTo("Merge branch 'x'"));
            Assert.That(commits[1].Sha, Is.EqualTo("bbb"));
            Assert.That(commits[1].ParentShas, Is.EqualTo(new[] { "p0" }));
            Assert.That(commits[1].CommitterDate, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1700000001)));
            Assert.That(commits[1].Subject, Is.EqualTo("feat: a"));
            Assert.That(commits[1].Body, Is.EqualTo("body line\n\nBREAKING CHANGE: gone"));
        });
    }

    [Test]
    public void Ls_remote_lines_become_refs()
    {
        var refs = GitOutputParser.ParseLsRemote("aaa\trefs/heads/main\nbbb\trefs/tags/prod/v1.0.0\nccc\trefs/tags/prod/v1.0.0^{}\n");

        Assert.That(refs, Is.EqualTo(new[]
        {
            new GitRemoteRef("refs/heads/main", "aaa"),
            new GitRemoteRef("refs/tags/prod/v1.0.0", "bbb"),
            new GitRemoteRef("refs/tags/prod/v1.0.0^{}", "ccc"),
        }));
    }
}
