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

    [Test]
    public void The_dry_run_describes_the_rollback_as_it_would_run_Swarm_s_rollback_or_an_update_then_the_roles_and_the_restore()
    {
        var environment = SwarmEnvironments.Staging with
        {
            Roles = [new DeployRole { Name = "worker", Command = ["worker"] }],
            RestoreCommand = ["restore", "--from", "{file}"],
        };
        var log = Log.Select(r => r.Id == "d-2" ? r with { Migrated = true, Backup = "/app/data/backups/d-2.backup" } : r).ToList();
        var service = new SwarmService("slipway-staging", "localhost:5000/app@sha256:2222", "localhost:5000/app@sha256:1111", 3, null);

        var bySwarm = SwarmRollbackPlan.Decide(log, "staging", service, null, restoreDatabase: true);
        var byUpdate = SwarmRollbackPlan.Decide(log, "staging", service with { PreviousImage = "localhost:5000/app@sha256:3333" }, "1.0.0", restoreDatabase: false);

        Assert.Multiple(() =>
        {
            Assert.That(bySwarm.Describe(environment, "slipway-staging"), Is.EqualTo(
                "Rollback of staging would go from 2.0.0 to 1.0.0 (localhost:5000/app@sha256:1111): `docker service rollback slipway-staging` " +
                "(Swarm's previous spec is that image), watched until every task runs it and /status reports 1.0.0, then the edge routed to the tasks; " +
                "then the roles worker updated to it with the commands declared now; " +
                "then the database restored from /app/data/backups/d-2.backup (taken before 2.0.0 migrated) with localhost:5000/app@sha256:2222."));
            Assert.That(byUpdate.BySwarm, Is.False, "Swarm's previous spec is the version that failed");
            Assert.That(byUpdate.Describe(environment, "slipway-staging"), Does.Contain("`docker service update --image localhost:5000/app@sha256:1111 slipway-staging`")
                .And.Not.Contain("database"));
            Assert.That(() => SwarmRollbackPlan.Decide(Log, "staging", service, null, restoreDatabase: true),
                Throws.TypeOf<BuildFailedException>().With.Property(nameof(BuildFailedException.ExitCode)).EqualTo(ExitCodes.BadInvocation),
                "no backup to restore: refused, as the rollback itself would be");
        });
    }

    [Test]
    public void The_list_shows_each_version_the_log_shows_live_newest_first_the_one_the_service_runs_and_where_Rollback_goes()
    {
        var log = Log.Select((r, i) => r with { Switched = Start.AddMinutes(i) }).ToList();
        var service = new SwarmService("slipway-staging", "localhost:5000/app@sha256:2222", null, 2, null);

        var lines = SwarmVersionsReport.Render("staging", "slipway-staging", log, service).Split('\n');
        var gone = SwarmVersionsReport.Render("staging", "slipway-staging", log, null);

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("Versions staging served under Swarm, service slipway-staging (newest first):"));
            Assert.That(lines.Skip(2).Select(l => l.Split(' ')[0]), Is.EqualTo(new[] { "2.0.0", "1.0.0" }), "3.0.0 never went live");
            Assert.That(lines[2], Does.Contain("sha256:2222").And.Contain("LIVE").And.Contain("2026-12-04 14:01:00Z"));
            Assert.That(lines[3], Does.EndWith("<- Rollback goes here"));
            Assert.That(gone, Does.Contain("There is no Swarm service slipway-staging").And.Not.Contain("Rollback goes here"));
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
