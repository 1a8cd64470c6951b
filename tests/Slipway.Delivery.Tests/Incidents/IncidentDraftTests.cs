using Slipway.Delivery.Deploy;
using Slipway.Delivery.Incidents;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Incidents;

/// <summary>The post-mortem draft every rollback writes (issue 15): the log's facts, in the order they happened.</summary>
public class IncidentDraftTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly DeployRecord Previous = new()
    {
        Id = "d-20261202-170000-aaaa", Kind = DeployKind.Deploy, Environment = "production", Version = "1.3.2",
        Digest = "sha256:1111111111111111111111111111", Who = "alice (GitHub Actions)", Started = T0.AddHours(-16),
        Switched = T0.AddHours(-16).AddSeconds(20), Finished = T0.AddHours(-16).AddSeconds(80), Result = DeployResults.Succeeded,
    };

    private static readonly DeployRecord RolledBack = new()
    {
        Id = "d-20261203-090000-bbbb", Kind = DeployKind.Deploy, Environment = "production", Version = "1.4.0",
        Digest = "sha256:2222222222222222222222222222", PreviousVersion = "1.3.2", PreviousDigest = Previous.Digest,
        Who = "octocat (GitHub Actions)", CiRunUrl = "https://github.com/acme/catalog/actions/runs/42", Started = T0,
        Switched = T0.AddSeconds(21), Finished = T0.AddSeconds(26), Result = DeployResults.RolledBack,
        Message = "1.4.0 breached its bake 3.0 s after the switch: 5xx rate 12.5 % > 5 % | p95 180 ms. Switched back to 1.3.2.",
    };

    [Test]
    public void An_automatic_rollback_gives_the_breach_the_versions_and_digests_who_ran_it_and_the_timeline()
    {
        var draft = IncidentDraft.Write(RolledBack, [Previous, RolledBack], T0.AddMinutes(1));

        Golden.AssertMatches(draft, "incidents/automatic-rollback.md");
    }

    [Test]
    public void A_manual_rollback_names_the_deploy_it_undid_and_the_database_restore()
    {
        var bad = RolledBack with { Result = DeployResults.Succeeded, Message = null, Finished = T0.AddSeconds(80) };
        var rollback = new DeployRecord
        {
            Id = "r-20261203-093000-cccc", Kind = DeployKind.Rollback, Environment = "production", Version = "1.3.2", Digest = Previous.Digest,
            PreviousVersion = "1.4.0", PreviousDigest = bad.Digest, RollbackOf = bad.Id, Who = "bob@oncall-laptop",
            Started = T0.AddMinutes(30), Switched = T0.AddMinutes(30).AddSeconds(2), Finished = T0.AddMinutes(30).AddSeconds(3),
            Result = DeployResults.Succeeded, RestoredFrom = "slipway-production-data:/backups/pre-1.4.0.bak", DatabaseRestored = true,
        };

        var draft = IncidentDraft.Write(rollback, [Previous, bad, rollback], T0.AddMinutes(31));

        Assert.Multiple(() =>
        {
            Assert.That(draft, Does.StartWith("# Incident draft: production, 1.4.0 (`sha256:222222222222`) rolled back to 1.3.2 (`sha256:111111111111`)"));
            Assert.That(draft, Does.Contain("| What happened | manual rollback (`Rollback`) |"));
            Assert.That(draft, Does.Contain("deployed by octocat (GitHub Actions) at 2026-12-03 09:00:00 UTC (`d-20261203-090000-bbbb`)"));
            Assert.That(draft, Does.Contain("| Database | restored from `slipway-production-data:/backups/pre-1.4.0.bak` |"));
            Assert.That(draft, Does.Contain("| Bad version served | 2026-12-03 09:00:21 to 2026-12-03 09:30:02 UTC (29.7 min) |"));
            Assert.That(draft, Does.Contain("| Why | _not recorded: say why_ |"));
            Assert.That(IncidentDraft.FileName(rollback), Is.EqualTo("production-r-20261203-093000-cccc.md"));
        });
    }

    [Test]
    public void The_timeline_keeps_to_the_last_day_and_a_failed_restore_is_called_out()
    {
        var old = Previous with { Id = "d-20261130-000000-old0", Started = T0.AddDays(-3), Switched = null, Finished = null };
        var failedRestore = RolledBack with { RestoredFrom = "vol:/b.bak", DatabaseRestored = false };

        var draft = IncidentDraft.Write(failedRestore, [old, Previous, failedRestore], T0.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(draft, Does.Not.Contain("d-20261130-000000-old0"), "three days back is not this incident's timeline");
            Assert.That(draft, Does.Contain("d-20261202-170000-aaaa"));
            Assert.That(draft, Does.Contain("**restore failed** (from `vol:/b.bak`): the database needs attention"));
        });
    }
}
