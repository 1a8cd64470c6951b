using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// The real Catalog.Api, two versions built from the root Dockerfile, deployed and rolled back on the real engine
/// behind the real edge while wrk (2 threads, 20 connections) reads the catalog through the public endpoint.
/// </summary>
[NonParallelizable]
public class ZeroDowntimeTests
{
    [Test]
    public async Task Deploy_v1_to_v2_rollback_to_v1_and_a_migrating_deploy_under_wrk_load_fail_no_request()
    {
        var images = await DeployTestImages.CatalogAsync();
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.FromSeconds(3) });

        var first = await environment.DeployAsync(images["1.0.0"], e => e with { BakeWindow = TimeSpan.Zero });
        Assert.That(await environment.ServedVersionAsync(), Does.StartWith("1.0.0"));

        var wrk = new WrkLoad(new Uri(environment.Url, "/api/v1/items?pageSize=5"));
        await wrk.WaitUntilRunningAsync();
        var deploy = await environment.DeployAsync(images["2.0.0"]);
        var afterDeploy = await environment.ServedVersionAsync();
        var rollback = await environment.RollbackAsync();
        var afterRollback = await environment.ServedVersionAsync();

        // Same real migrations in both versions, so the deploy above skipped them; this one forces the migration container
        // under load, which finds nothing pending and so takes no backup.
        TestLog.Clear();
        var migrating = await environment.DeployAsync(images["2.0.0"], alwaysMigrate: true);
        var migratingLog = TestLog.Messages.ToList();
        var afterMigrating = await environment.ServedVersionAsync();
        await Task.Delay(500);
        var report = await wrk.StopAsync();

        TestContext.Out.WriteLine($"wrk across deploy 1.0.0 -> 2.0.0, rollback -> 1.0.0 and a migrating deploy -> 2.0.0: {report.Requests} requests, {report.Non2xx} non-2xx, " +
            report.SocketErrorsByKind);
        TestContext.Out.WriteLine($"first deploy: {first.DescribePhases()}");
        TestContext.Out.WriteLine($"deploy 2.0.0: serving after {deploy.TimeToSwitch!.Value.TotalSeconds:0.00} s; {deploy.DescribePhases()}");
        TestContext.Out.WriteLine($"rollback to 1.0.0 (retained, stopped): serving after {rollback.Record.DurationMs} ms; {rollback.DescribePhases()}");
        TestContext.Out.WriteLine($"deploy 2.0.0 with --always-migrate: serving after {migrating.TimeToSwitch!.Value.TotalSeconds:0.00} s; {migrating.DescribePhases()}");
        TestContext.Out.WriteLine(report.Text);
        var records = await environment.RecordsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(report.Requests, Is.GreaterThan(100), "the load really flowed");
            Assert.That(report.Non2xx, Is.Zero, "non-2xx responses");
            Assert.That(report.SocketErrors, Is.Zero, report.SocketErrorsByKind);
            Assert.That(afterDeploy, Does.StartWith("2.0.0"));
            Assert.That(afterRollback, Does.StartWith("1.0.0"));
            Assert.That(afterMigrating, Does.StartWith("2.0.0"));
            Assert.That(first.Record.Schema, Does.Match("^sha256:[0-9a-f]{64}$"), "DockerBuild stamped the real migrations' fingerprint");
            Assert.That((first.Record.Migrated, deploy.Record.Migrated, migrating.Record.Migrated), Is.EqualTo(((bool?)true, (bool?)false, (bool?)true)));
            Assert.That(deploy.Record.Backup, Is.Null, "the schema was unchanged: no backup, no migration");
            Assert.That(first.Record.Backup, Is.Null, "the first deploy had no database to back up");
            Assert.That(migrating.Record.Backup, Is.Null, "nothing was pending, so Catalog.Api wrote no backup and none is recorded");
            Assert.That(migratingLog, Has.Some.Contains("No backup needed: nothing to migrate"), "Catalog.Api's migrate --backup-to said why");
            Assert.That(records.Select(r => (r.Kind, r.Version, r.Result)), Is.EqualTo(new[]
            {
                (DeployKind.Deploy, "1.0.0", DeployResults.Succeeded),
                (DeployKind.Deploy, "2.0.0", DeployResults.Succeeded),
                (DeployKind.Rollback, "1.0.0", DeployResults.Succeeded),
                (DeployKind.Deploy, "2.0.0", DeployResults.Succeeded),
            }));
            Assert.That(records[2].RollbackOf, Is.EqualTo(records[1].Id));
        });
    }
}
