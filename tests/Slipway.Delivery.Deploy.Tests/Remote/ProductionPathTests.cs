using System.Collections.Concurrent;
using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.Database;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Git;
using Slipway.Delivery.Tests.Trust;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// Issue 13's "done when", in one run of the real Catalog.Api built once for a released commit: staging is a server
/// reached over <c>ssh://</c> with the key given only as <c>DEPLOY_SSH_KEY</c>; <c>Promote</c> tags the digest staging
/// served; production (this machine's engine, on PostgreSQL) first meets a migration that fails after another committed
/// — the verified backup is restored and the old version keeps serving — then, the database fixed, serves exactly the
/// digest staging served. wrk reads both environments throughout; no request may fail.
/// </summary>
[NonParallelizable]
public class ProductionPathTests
{
    private const string Repository = "slipway-tests/production-path";
    private const string SecondMigration = "20260102000000_AddItemUpdatedAt";

    [Test]
    public async Task Staging_over_ssh_then_Promote_then_production_on_PostgreSQL_restores_a_failed_migration_then_serves_the_verified_digest_under_load()
    {
        using var git = TempGitRepository.Create();
        Directory.CreateDirectory(Path.Combine(git.Path, ".nuke"));
        var commit = git.Commit("feat: the release candidate");
        var standIn = (await DeployTestImages.StandInsAsync())["v1"];
        var built = await DeployTestImages.CatalogForCommitAsync(Repository, commit, "1.4.0-alpha.1");
        var digest = built[(built.IndexOf('@') + 1)..];
        await TrustTestData.AttachCleanScanAsync(built);
        git.Git("tag", "prod/v1.4.0");

        await using var server = await RemoteDockerHost.StartAsync();
        var staging = new DeployEnvironment
        {
            Name = "s" + Guid.NewGuid().ToString("N")[..8],
            DockerHost = server.DockerHost,
            PublicEndpoint = new IPEndPoint(IPAddress.Parse(server.Address), 8081),
            AppPorts = new PortRange(28100, 12),
        };
        await RemoteBuildProcess.PrepareAsync(server, staging);
        var database = PostgresTestServer.NewDatabaseName("slipway_production_path");
        await PostgresTestServer.CreateDatabaseAsync(database);
        await using var production = await TestEnvironment.CreateAsync(e => e with
        {
            AppEnvironment = new Dictionary<string, string> { ["DATABASE_URL"] = PostgresTestServer.DatabaseUrl(database) },
        });
        try
        {
            var keyLines = SshDeployKey.Parse(server.ClientKey.PrivateKey).BodyLines;
            var leaks = new ConcurrentBag<string>();
            Task<ToolResult> Run(params string[] arguments) => RemoteBuildProcess.RunWatchingAsync(
                SampleBuildProcess.ReleasePath(git.Path, staging, production.Environment, arguments), server.Credentials, keyLines, leaks);

            // Both environments already serve an earlier version, so the load runs across every deploy below.
            var stagingBefore = await Run("DeployStaging", "--skip", "Push", "--image", standIn, "--bake-seconds", "0");
            var productionBefore = await Run("DeployProduction", "--skip", "Promote", "--image", standIn, "--bake-seconds", "0", "--unverified", "the version before Slipway", "--accept-risk", "the version before Slipway");
            Assert.That((stagingBefore.ExitCode, productionBefore.ExitCode), Is.EqualTo((ExitCodes.Success, ExitCodes.Success)),
                RemoteBuildProcess.Tail(stagingBefore) + "\n---\n" + RemoteBuildProcess.Tail(productionBefore));
            await PrepareDatabaseWhoseSecondMigrationFailsAsync(database);
            var schemaBefore = await SchemaAsync(database);

            // Two environments under load at once, each serving from its own Catalog.Api, on a two-core runner: 4 connections
            // each, so that wrk's 2 s timeout and the bake's p95 gate measure the deploys, not a saturated machine.
            var stagingLoad = new WrkLoad(new Uri(staging.Url, "/api/v1/items?pageSize=5"), connections: 4);
            var productionLoad = new WrkLoad(new Uri(production.Url, "/api/v1/items?pageSize=5"), connections: 4);
            await Task.WhenAll(stagingLoad.WaitUntilRunningAsync(), productionLoad.WaitUntilRunningAsync());
            var stagingDeploy = await Run("DeployStaging", "--skip", "Push", "--image", built, "--bake-seconds", "2");
            var promote = await Run("Promote");
            var failedMigration = await Run("DeployProduction", "--skip", "Promote", "--bake-seconds", "2");
            var servedAfterFailure = await production.ServedVersionAsync();
            var schemaAfterFailure = await SchemaAsync(database);
            var suppliersAfterFailure = await PostgresTestServer.ScalarAsync<long>(database, """SELECT COUNT(*) FROM "Suppliers" """);
            var historyAfterFailure = await PostgresTestServer.ScalarAsync<long>(database, """SELECT COUNT(*) FROM "__EFMigrationsHistory" """);

            // What the on-call engineer does next: fix the database, deploy the same promoted digest again.
            await PostgresTestServer.ExecuteAsync(database, """DROP TRIGGER reject_second ON "__EFMigrationsHistory"; DROP FUNCTION reject_second();""");
            var productionDeploy = await Run("DeployProduction", "--skip", "Promote", "--bake-seconds", "2");
            var servedAfterDeploy = await production.ServedVersionAsync();
            var stagingReport = await stagingLoad.StopAsync();
            var productionReport = await productionLoad.StopAsync();

            await using var stagingHost = await DeployHost.ConnectAsync(staging, server.Credentials);
            var stagingEdge = await stagingHost.Edge.TryOpenExistingAsync();
            var stagingRecords = (await stagingHost.SnapshotAsync(stagingEdge, stagingEdge is not null)).Records;
            var productionRecords = await production.RecordsAsync();
            using var registry = new RegistryClient();
            var released = (await registry.GetManifestDigestAsync(new ImageName(ImageName.DefaultRegistry, Repository), "1.4.0", credentials: null)).Digest;
            var restored = productionRecords.FirstOrDefault(r => r.DatabaseRestored == true);
            var live = productionRecords[^1];
            await TestContext.Out.WriteLineAsync($"staging: {stagingReport.Text}\nproduction: {productionReport.Text}\n--- failed migration:\n{RemoteBuildProcess.Tail(failedMigration)}\n--- deploy:\n{RemoteBuildProcess.Tail(productionDeploy)}");

            Assert.Multiple(async () =>
            {
                Assert.That(stagingDeploy.ExitCode, Is.EqualTo(ExitCodes.Success), RemoteBuildProcess.Tail(stagingDeploy));
                Assert.That(stagingDeploy.StandardOutput + stagingDeploy.StandardError, Does.Contain("per-run agent"), "staging was reached with DEPLOY_SSH_KEY");
                Assert.That(stagingRecords[^1].Digest, Is.EqualTo(digest), "staging served the build");
                Assert.That(promote.ExitCode, Is.EqualTo(ExitCodes.Success), RemoteBuildProcess.Tail(promote));
                Assert.That(released, Is.EqualTo(digest), "the release tag is the manifest staging served");

                Assert.That(failedMigration.ExitCode, Is.EqualTo(ExitCodes.DeployAborted), RemoteBuildProcess.Tail(failedMigration));
                Assert.That(failedMigration.StandardOutput + failedMigration.StandardError, Does.Contain("database restored from"));
                Assert.That(servedAfterFailure, Is.EqualTo("1.0.0"), "the old version kept serving");
                Assert.That(schemaAfterFailure, Is.EqualTo(schemaBefore), "the first migration's tables are gone again");
                Assert.That((suppliersAfterFailure, historyAfterFailure), Is.EqualTo((3L, 0L)), "the data of before the deploy");
                Assert.That(restored?.RestoredFrom, Is.Not.Null, "the deploy log records the restore and the verified backup it put back");

                Assert.That(productionDeploy.ExitCode, Is.EqualTo(ExitCodes.Success), RemoteBuildProcess.Tail(productionDeploy));
                Assert.That(servedAfterDeploy, Does.StartWith("1.4.0-alpha.1"), "Catalog.Api serves production");
                Assert.That(live.Digest, Is.EqualTo(stagingRecords[^1].Digest), "production serves exactly the digest staging served");
                Assert.That((live.Release, live.Migrated, live.Unverified), Is.EqualTo(("1.4.0", (bool?)true, (string?)null)));
                Assert.That(live.Backup, Is.Not.Null, "a verified backup was taken before the migration");
                Assert.That(await PostgresTestServer.ScalarAsync<long>(database, """SELECT COUNT(*) FROM "__EFMigrationsHistory" """), Is.EqualTo(2L));

                foreach (var (name, report) in new[] { ("staging", stagingReport), ("production", productionReport) })
                {
                    Assert.That(report.Requests, Is.GreaterThan(100), $"the load on {name} ran");
                    Assert.That(report.Non2xx, Is.Zero, $"non-2xx responses on {name}");
                    Assert.That(report.SocketErrors, Is.Zero, $"{report.SocketErrorsByKind} on {name}");
                }

                Assert.That(leaks, Is.Empty, "a line of the key on a process's command line");
                foreach (var result in new[] { stagingBefore, productionBefore, stagingDeploy, promote, failedMigration, productionDeploy })
                {
                    var output = result.StandardOutput + result.StandardError;
                    Assert.That(keyLines.Where(line => output.Contains(line, StringComparison.Ordinal)), Is.Empty, "a line of the key in the build output");
                }
            });
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// Data from before this deploy, and the history table EF Core would create with a trigger refusing the second
    /// migration's row: the first migration commits, the second fails — the database's own failure, no hook in the service.
    /// </summary>
    private static Task PrepareDatabaseWhoseSecondMigrationFailsAsync(string database) =>
        PostgresTestServer.ExecuteAsync(database, $"""
            CREATE TABLE "Suppliers" ("Id" integer PRIMARY KEY, "Name" text NOT NULL);
            INSERT INTO "Suppliers" VALUES (1, 'a'), (2, 'b'), (3, 'c');
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL, "ProductVersion" character varying(32) NOT NULL,
                CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));
            CREATE FUNCTION reject_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: the second migration fails'; END $$;
            CREATE TRIGGER reject_second BEFORE INSERT ON "__EFMigrationsHistory" FOR EACH ROW
                WHEN (NEW."MigrationId" = '{SecondMigration}') EXECUTE FUNCTION reject_second();
            """);

    private static Task<string> SchemaAsync(string database) =>
        PostgresTestServer.ScalarAsync<string>(database,
            "SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public'");
}
