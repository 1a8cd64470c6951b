using Slipway.Delivery.Deploy;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.Git;
using Slipway.Delivery.Tests.Trust;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Issue 13 §1, build once: staging deploys the image built for a commit, the commit is released (prod/v1.4.0), Promote
/// tags that same manifest in the real registry, and DeployProduction serves exactly the digest staging served; a digest
/// staging never served is refused before production is touched, and taken with <c>--unverified</c>'s reason recorded.
/// The sample build runs as CI runs it, in a real git repository with the release tag.
/// </summary>
[NonParallelizable]
public class PromotionTests
{
    private const string Repository = "slipway-tests/promote";

    [Test]
    public async Task Production_serves_the_digest_staging_verified_promoted_by_tags_and_refuses_an_unverified_one_unless_told_why()
    {
        using var git = TempGitRepository.Create();
        Directory.CreateDirectory(Path.Combine(git.Path, ".nuke"));
        var commit = git.Commit("feat: the release candidate");
        var built = await DeployTestImages.ForCommitAsync(Repository, commit, "1.4.0-alpha.1");
        var other = (await DeployTestImages.StandInsAsync())["v2"];
        await TrustTestData.AttachCleanScanAsync(built);
        git.Git("tag", "prod/v1.4.0");
        await using var staging = await TestEnvironment.CreateAsync();
        await using var production = await TestEnvironment.CreateAsync();
        ToolInvocation Run(params string[] arguments) => SampleBuildProcess.ReleasePath(git.Path, staging.Environment, production.Environment, arguments);

        var unverifiedPromotion = await ToolRunner.RunAsync(Run("Promote"));
        var stagingDeploy = await ToolRunner.RunAsync(Run("DeployStaging", "--skip", "Push", "--image", built, "--bake-seconds", "1"));
        var promote = await ToolRunner.RunAsync(Run("Promote"));
        var record = await ImageRecordFile.ReadAsync(Path.Combine(git.Path, "artifacts", ImageRecordFile.FileName));
        var productionDeploy = await ToolRunner.RunAsync(Run("DeployProduction", "--skip", "Promote", "--bake-seconds", "1"));
        var refused = await ToolRunner.RunAsync(Run("DeployProduction", "--skip", "Promote", "--image", other));
        var servedAfterRefusal = (await production.SnapshotAsync()).Live?.Digest;
        var emergency = await ToolRunner.RunAsync(Run("DeployProduction", "--skip", "Promote", "--image", other, "--bake-seconds", "1", "--unverified", "staging is down (INC-42)", "--accept-risk", "not scanned: INC-42"));

        using var registry = new RegistryClient();
        var name = new ImageName(ImageName.DefaultRegistry, Repository);
        var digest = built[(built.IndexOf('@') + 1)..];
        var tagged = new Dictionary<string, string?>();
        foreach (var tag in new[] { $"sha-{commit[..7]}", "1.4.0", "1.4", "latest" })
        {
            tagged[tag] = (await registry.GetManifestDigestAsync(name, tag, credentials: null)).Digest;
        }

        var stagingLive = (await staging.SnapshotAsync()).LiveRecord;
        var productionRecords = (await production.RecordsAsync()).Where(r => r.Kind == DeployKind.Deploy).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unverifiedPromotion.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), Output(unverifiedPromotion));
            Assert.That(Output(unverifiedPromotion), Does.Contain($"Nothing to promote: {staging.Name} never deployed commit {commit[..7]}"));
            Assert.That(stagingDeploy.ExitCode, Is.EqualTo(ExitCodes.Success), Output(stagingDeploy));
            Assert.That(promote.ExitCode, Is.EqualTo(ExitCodes.Success), Output(promote));
            Assert.That(tagged.Values, Has.All.EqualTo(digest), "one manifest for the build's tag and the release's tags");
            Assert.That(Output(promote), Does.Contain("no build, no layer pulled or pushed"));
            Assert.That(record.DigestReference, Is.EqualTo(built));
            Assert.That(record.Release, Is.EqualTo("1.4.0"));
            Assert.That(record.VerifiedBy, Does.Contain($"{staging.Name} served 1.4.0-alpha.1").And.Contain(stagingLive!.Id));
            Assert.That(productionDeploy.ExitCode, Is.EqualTo(ExitCodes.Success), Output(productionDeploy));
            Assert.That(productionRecords[0].Digest, Is.EqualTo(stagingLive.Digest), "production serves exactly the digest staging served");
            Assert.That(productionRecords[0].Release, Is.EqualTo("1.4.0"));
            Assert.That(productionRecords[0].Platform, Is.EqualTo("linux/amd64"), "the platform of the image the host's engine runs");
            Assert.That(productionRecords[0].VerifiedBy, Is.EqualTo(record.VerifiedBy));
            Assert.That(Output(productionDeploy), Does.Contain("Release 1.4.0. Verified: "));
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), Output(refused));
            Assert.That(Output(refused), Does.Contain($"never passed {staging.Name}").And.Contain("--unverified"));
            Assert.That(servedAfterRefusal, Is.EqualTo(digest), "the refusal changed nothing");
            Assert.That(emergency.ExitCode, Is.EqualTo(ExitCodes.Success), Output(emergency));
            Assert.That(productionRecords, Has.Count.EqualTo(2), "the refused deploy left no record: it never reached production's host");
            Assert.That(productionRecords[^1].Unverified, Is.EqualTo("staging is down (INC-42)"));
            Assert.That(Output(emergency), Does.Contain("UNVERIFIED (deployed with --unverified: staging is down (INC-42))"));
            Assert.That(productionRecords[^1].AcceptedRisk, Is.EqualTo("not scanned: INC-42"), "no scan record: taken with --accept-risk, recorded");
        });
    }

    /// <summary>Environments as data: one Deploy target, each environment taking what the one before it verified.</summary>
    [Test]
    public async Task Deploy_takes_each_environment_the_digest_the_one_before_it_verified_handed_on_or_read_from_its_log()
    {
        using var git = TempGitRepository.Create();
        Directory.CreateDirectory(Path.Combine(git.Path, ".nuke"));
        var commit = git.Commit("feat: the release candidate");
        var built = await DeployTestImages.ForCommitAsync(Repository, commit, "1.4.0-alpha.2");
        await TrustTestData.AttachCleanScanAsync(built);
        git.Git("tag", "prod/v1.4.0");
        await using var staging = await TestEnvironment.CreateAsync();
        await using var production = await TestEnvironment.CreateAsync();
        ToolInvocation Run(params string[] arguments) => SampleBuildProcess.ReleasePath(git.Path, staging.Environment, production.Environment, arguments);
        var recordPath = Path.Combine(git.Path, "artifacts", ImageRecordFile.FileName);

        var tooEarly = await ToolRunner.RunAsync(Run("Deploy", "--environment", production.Name, "--bake-seconds", "1"));
        var first = await ToolRunner.RunAsync(Run("Deploy", "--environment", staging.Name, "--image", built, "--bake-seconds", "1"));
        var handedOn = await ImageRecordFile.ReadAsync(recordPath);
        var second = await ToolRunner.RunAsync(Run("Deploy", "--environment", production.Name, "--bake-seconds", "1"));
        File.Delete(recordPath);
        var fromLog = await ToolRunner.RunAsync(Run("Deploy", "--environment", production.Name, "--bake-seconds", "1"));

        var stagingLive = (await staging.SnapshotAsync()).LiveRecord;
        var productionRecords = (await production.RecordsAsync()).Where(r => r.Kind == DeployKind.Deploy).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tooEarly.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), Output(tooEarly));
            Assert.That(Output(tooEarly), Does.Contain($"Nothing to deploy to {production.Name}: {staging.Name} never deployed commit {commit[..7]}"));
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), Output(first));
            Assert.That((handedOn.VerifiedIn, handedOn.DigestReference), Is.EqualTo((staging.Name, built)));
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Success), Output(second));
            Assert.That(fromLog.ExitCode, Is.EqualTo(ExitCodes.Success), Output(fromLog));
            Assert.That(productionRecords.Select(r => r.Digest), Has.All.EqualTo(stagingLive!.Digest), "production took the digest staging served");
            Assert.That(productionRecords[0].Release, Is.EqualTo("1.4.0"), "the release tag's own commit, so the release-only environment takes it");
            Assert.That(productionRecords[0].VerifiedBy, Does.Contain($"{staging.Name} served 1.4.0-alpha.2").And.Contain(stagingLive.Id));
            Assert.That(productionRecords[^1].Result, Is.EqualTo(DeployResults.Unchanged), "read from staging's log, the same digest: already serving");
        });
    }

    private static string Output(ToolResult result) => result.StandardOutput + result.StandardError;
}
