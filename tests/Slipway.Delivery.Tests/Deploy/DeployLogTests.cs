using Slipway.Delivery.Deploy;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

public class DeployLogTests
{
    [Test]
    public void Records_are_one_json_line_with_the_issue_s_snake_case_fields()
    {
        var record = Record("r-1", "1.3.2", DeployResults.Succeeded, 0, DeployKind.Rollback, rollbackOf: "d-9") with { CiRunUrl = "https://github.com/acme/x/actions/runs/1", DurationMs = 640 };

        var line = DeployLogFormat.Serialize(record);

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.Not.Contain("\n"));
            Assert.That(line, Does.Contain("\"id\":\"r-1\"").And.Contains("\"kind\":\"rollback\"").And.Contains("\"environment\":\"staging\"")
                .And.Contains("\"version\":\"1.3.2\"").And.Contains("\"digest\":\"sha256:").And.Contains("\"who\":\"tester\"")
                .And.Contains("\"started\":").And.Contains("\"switched\":").And.Contains("\"finished\":").And.Contains("\"result\":\"succeeded\"")
                .And.Contains("\"rollback_of\":\"d-9\"").And.Contains("\"ci_run_url\":").And.Contains("\"duration_ms\":640"));
            Assert.That(line, Does.Not.Contain("null"), "absent values are left out");
        });
    }

    [Test]
    public void The_schema_and_whether_migrations_ran_round_trip()
    {
        var record = Record("d-1", "1.4.0", DeployResults.Aborted, 0) with { Schema = "sha256:abc", Migrated = true };

        var line = DeployLogFormat.Serialize(record);
        var back = DeployLogFormat.Parse(line, out _).Single();

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.Contain("\"schema\":\"sha256:abc\"").And.Contains("\"migrated\":true"));
            Assert.That((back.Schema, back.Migrated), Is.EqualTo(("sha256:abc", (bool?)true)));
        });
    }

    [Test]
    public void The_log_reads_back_oldest_first_and_skips_a_torn_line_counting_it()
    {
        var text = string.Join('\n',
            DeployLogFormat.Serialize(Record("d-1", "1.0.0", DeployResults.Succeeded, 0)),
            "{\"id\":\"d-2\",\"kind\":\"deploy\",\"environ",
            string.Empty,
            DeployLogFormat.Serialize(Record("d-3", "1.1.0", DeployResults.RolledBack, 5)));

        var records = DeployLogFormat.Parse(text, out var unreadable);

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Id), Is.EqualTo(new[] { "d-1", "d-3" }));
            Assert.That(records[1].Result, Is.EqualTo(DeployResults.RolledBack));
            Assert.That(records[1].Switched, Is.EqualTo(T0.AddMinutes(5).AddSeconds(5)));
            Assert.That(unreadable, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_record_glued_behind_a_torn_line_is_read_and_the_damaged_line_is_named()
    {
        // An append killed mid-line, then the next append without a newline guard: two records on one line.
        var torn = DeployLogFormat.Serialize(Record("d-2", "1.1.0", DeployResults.Succeeded, 5))[..40];
        var text = string.Join('\n',
            DeployLogFormat.Serialize(Record("d-1", "1.0.0", DeployResults.Succeeded, 0)),
            torn + DeployLogFormat.Serialize(Record("d-3", "1.2.0", DeployResults.Succeeded, 10)),
            DeployLogFormat.Serialize(Record("d-4", "1.3.0", DeployResults.Aborted, 15)),
            "not json {\"id\": at all",
            string.Empty);

        var records = DeployLogFormat.Read(text, out var damaged);

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Id), Is.EqualTo(new[] { "d-1", "d-3", "d-4" }), "only the torn record is lost, not its neighbour");
            Assert.That(damaged, Is.EqualTo(new[] { 2, 4 }));
            Assert.That(DeployLogFormat.DescribeLines(damaged), Is.EqualTo("lines 2, 4"));
            Assert.That(DeployLogFormat.DescribeLines([7]), Is.EqualTo("line 7"));
        });
    }

    [Test]
    public void Dora_figures_come_from_the_log_alone()
    {
        var records = new[]
        {
            Record("d-1", "1.0.0", DeployResults.Succeeded, 0),
            Record("d-2", "1.1.0", DeployResults.RolledBack, 60),
            Record("d-3", "1.2.0", DeployResults.Succeeded, 120),
            Record("r-1", "1.0.0", DeployResults.Succeeded, 130, DeployKind.Rollback, rollbackOf: "d-3") with { Switched = T0.AddMinutes(130).AddSeconds(1) },
            Record("d-4", "1.3.0", DeployResults.Aborted, 180),
        };

        var dora = DoraMetrics.Compute("staging", records, T0.AddDays(1), TimeSpan.FromDays(30));

        Assert.Multiple(() =>
        {
            Assert.That(dora.Deploys, Is.EqualTo(1), "d-1 only: d-2 rolled back automatically, d-3 by hand, d-4 never went live");
            Assert.That(dora.FailedDeploys, Is.EqualTo(2));
            Assert.That(dora.ChangeFailureRate, Is.EqualTo(2.0 / 3).Within(1e-9));
            Assert.That(dora.MedianBuildToLive, Is.EqualTo(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5)));
            // d-2: 2 s from its switch to the automatic switch back; d-3: from its switch (120:05) to r-1's switch (130:01).
            Assert.That(dora.MedianTimeToRestore, Is.EqualTo((TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(596)) / 2));
            Assert.That(dora.Describe(), Does.Contain("change failure rate 67 %"));
        });
    }

    [Test]
    public void Lock_probe_reads_the_holder_and_the_heartbeat_age_on_the_host_s_clock()
    {
        var owner = new LockOwner { Id = "d-1", Kind = DeployKind.Deploy, Who = "alice", Version = "1.4.0", CiRunUrl = "https://ci/run/7", Machine = "runner-3", Since = T0 };
        var output = $"held\nnow=1000\nheartbeat=990\ncreated=900\nowner={LockProbe.SerializeOwner(owner)}\n";

        var probe = LockProbe.Parse(output);

        Assert.Multiple(() =>
        {
            Assert.That(probe.Acquired, Is.False);
            Assert.That(probe.Holder, Is.EqualTo(owner));
            Assert.That(probe.HeartbeatAgeSeconds, Is.EqualTo(10));
            Assert.That(probe.IsStale(TimeSpan.FromMinutes(2)), Is.False);
            Assert.That(probe.IsStale(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(probe.Describe(TimeSpan.FromMinutes(2)), Does.Contain("deploy d-1 of 1.4.0 by alice on runner-3 (https://ci/run/7)")
                .And.Contains("since 2026-11-01 12:00:00 UTC").And.Contains("last heartbeat 10 s ago"));
            Assert.That(LockProbe.Parse("acquired\n").Acquired, Is.True);
        });
    }

    [Test]
    public void A_lock_caught_while_being_taken_has_no_owner_and_ages_from_its_creation()
    {
        var probe = LockProbe.Parse("held\nnow=1000\nheartbeat=\ncreated=880\nowner=\n");

        Assert.Multiple(() =>
        {
            Assert.That(probe.Holder, Is.Null);
            Assert.That(probe.HeartbeatAgeSeconds, Is.EqualTo(120));
            Assert.That(probe.IsStale(TimeSpan.FromMinutes(2)), Is.True);
            Assert.That(probe.Describe(TimeSpan.FromMinutes(2)), Does.Contain("unknown deploy").And.Contains("STALE"));
        });
    }
}
