using Slipway.Delivery.Deploy;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

public sealed class VerifiedDeployTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Other = "fedcba9876543210fedcba9876543210fedcba98";

    [Test]
    public void The_newest_succeeded_deploy_of_the_commit_is_the_verified_one()
    {
        DeployRecord[] log =
        [
            Record("d-1", "1.3.0", DeployResults.Succeeded, 0) with { Commit = Other },
            Record("d-2", "1.4.0", DeployResults.RolledBack, 10) with { Commit = Commit },
            Record("d-3", "1.4.0", DeployResults.Succeeded, 20) with { Commit = Commit },
            Record("d-4", "1.4.1", DeployResults.Succeeded, 30) with { Commit = Other },
        ];

        var verified = VerifiedDeploy.Find(log, "staging", Commit[..7], out var reason);

        Assert.Multiple(() =>
        {
            Assert.That(verified?.Id, Is.EqualTo("d-3"));
            Assert.That(reason, Does.Contain("staging served 1.4.0").And.Contain("0123456"));
        });
    }

    [Test]
    public void A_commit_staging_never_served_is_not_verified()
    {
        DeployRecord[] log = [Record("d-1", "1.3.0", DeployResults.Succeeded, 0) with { Commit = Other }];

        Assert.Multiple(() =>
        {
            Assert.That(VerifiedDeploy.Find(log, "staging", Commit, out var reason), Is.Null);
            Assert.That(reason, Is.EqualTo("staging never deployed commit 0123456"));
        });
    }

    [Test]
    public void A_deploy_that_only_failed_or_rolled_back_is_not_verified()
    {
        DeployRecord[] log = [Record("d-2", "1.4.0", DeployResults.RolledBack, 10) with { Commit = Commit, Message = "p95 2.4 s" }];

        Assert.Multiple(() =>
        {
            Assert.That(VerifiedDeploy.Find(log, "staging", Commit, out var reason), Is.Null);
            Assert.That(reason, Does.Contain("did not succeed").And.Contain("rolled-back").And.Contain("p95 2.4 s"));
        });
    }

    [Test]
    public void A_deploy_an_operator_rolled_back_afterwards_is_not_verified()
    {
        DeployRecord[] log =
        [
            Record("d-3", "1.4.0", DeployResults.Succeeded, 20) with { Commit = Commit },
            Record("r-4", "1.3.0", DeployResults.Succeeded, 40, DeployKind.Rollback, rollbackOf: "d-3"),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(VerifiedDeploy.Find(log, "staging", Commit, out var reason), Is.Null);
            Assert.That(reason, Does.Contain("rolled it back").And.Contain("r-4"));
        });
    }

    [Test]
    public void Another_environments_records_do_not_count()
    {
        DeployRecord[] log = [Record("d-3", "1.4.0", DeployResults.Succeeded, 20) with { Commit = Commit, Environment = "acceptance" }];

        Assert.That(VerifiedDeploy.Find(log, "staging", Commit, out _), Is.Null);
    }

    [Test]
    public void A_digest_is_verified_by_the_newest_kept_deploy_of_that_digest()
    {
        DeployRecord[] log =
        [
            Record("d-1", "1.3.0", DeployResults.Succeeded, 0) with { Commit = Other },
            Record("d-2", "1.4.0", DeployResults.Succeeded, 10) with { Commit = Commit },
        ];

        var verified = VerifiedDeploy.FindDigest(log, "staging", DigestOf("1.4.0"), out var reason);

        Assert.Multiple(() =>
        {
            Assert.That(verified?.Id, Is.EqualTo("d-2"));
            Assert.That(reason, Does.Contain("staging served 1.4.0").And.Contain(DigestOf("1.4.0")).And.Contain("0123456"));
        });
    }

    [Test]
    public void A_digest_staging_never_served_or_rolled_back_is_not_verified()
    {
        DeployRecord[] log =
        [
            Record("d-2", "1.4.0", DeployResults.Succeeded, 10) with { Commit = Commit },
            Record("r-3", "1.3.0", DeployResults.Succeeded, 20, DeployKind.Rollback, rollbackOf: "d-2"),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(VerifiedDeploy.FindDigest(log, "staging", DigestOf("1.5.0"), out var never), Is.Null);
            Assert.That(never, Is.EqualTo($"staging never deployed {DigestOf("1.5.0")}"));
            Assert.That(VerifiedDeploy.FindDigest(log, "staging", DigestOf("1.4.0"), out var undone), Is.Null);
            Assert.That(undone, Does.Contain("rolled it back").And.Contain("r-3"));
        });
    }
}
