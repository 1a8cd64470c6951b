using Slipway.Delivery.Deploy;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Orchestration;

public class SwarmRollbackTargetTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 14, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<DeployRecord> Log =
    [
        Record("d-1", "1.0.0", "sha256:1111", DeployResults.Succeeded),
        Record("d-2", "2.0.0", "sha256:2222", DeployResults.Succeeded),
        Record("d-3", "3.0.0", "sha256:3333", DeployResults.RolledBack),
    ];

    [Test]
    public void Previous_is_the_newest_version_that_went_live_before_the_running_one_not_Swarm_s_previous_spec()
    {
        // After Swarm rolled 3.0.0 back, its "previous spec" would be 3.0.0; the log says 1.0.0 served before 2.0.0.
        var (target, live) = SwarmRollbackTarget.Choose(Log, "staging", "localhost:5000/app@sha256:2222", null);

        Assert.Multiple(() =>
        {
            Assert.That(target.Version, Is.EqualTo("1.0.0"));
            Assert.That(live?.Id, Is.EqualTo("d-2"));
        });
    }

    [Test]
    public void A_named_version_or_digest_that_served_is_found_and_anything_else_is_refused_with_exit_2()
    {
        var log = Log.Append(Record("d-4", "1.0.0", "sha256:1111", DeployResults.Succeeded) with { Kind = DeployKind.Rollback }).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(SwarmRollbackTarget.Choose(log, "staging", "localhost:5000/app@sha256:1111", "2.0.0").Target.Id, Is.EqualTo("d-2"));
            Assert.That(SwarmRollbackTarget.Choose(log, "staging", "localhost:5000/app@sha256:1111", "sha256:2222").Target.Id, Is.EqualTo("d-2"));
            var never = Assert.Throws<BuildFailedException>(() => SwarmRollbackTarget.Choose(log, "staging", "localhost:5000/app@sha256:1111", "3.0.0"))!;
            Assert.That(never.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(never.Message, Does.Contain("the versions it served are 2.0.0"));
            var first = Assert.Throws<BuildFailedException>(() => SwarmRollbackTarget.Choose(Log.Take(1).ToList(), "staging", "localhost:5000/app@sha256:1111", null))!;
            Assert.That(first.Message, Does.Contain("nothing to roll back to"));
        });
    }

    private static DeployRecord Record(string id, string version, string digest, string result) => new()
    {
        Id = id,
        Kind = DeployKind.Deploy,
        Environment = "staging",
        Version = version,
        Digest = digest,
        Image = "localhost:5000/app@" + digest,
        Who = "test",
        Started = Start,
        Result = result,
    };
}
