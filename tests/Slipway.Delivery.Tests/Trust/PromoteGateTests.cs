using System.Text.Json;
using Slipway.Delivery.Image;
using Slipway.Delivery.Security;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Git;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Trust;

/// <summary>
/// Issue 22, scanned before promotion, end to end: the sample build's Promote against a digest in the real registry
/// is refused (exit 2, before the registry is written) without a scan record, with a stale one and with one whose
/// CRITICAL finding (trivy's real report of debian:buster) is not accepted; it is taken with --accept-risk (recorded in
/// artifacts/image.json and the summary) and, without it, once the advisory allow list accepts the finding.
/// </summary>
public class PromoteGateTests
{
    /// <summary>Old enough for the recorded report (made 2021-08-25) to count as fresh, so its findings are what is judged.</summary>
    private const string AgeOfTheRecordedReport = "100000h";

    [Test]
    public async Task Promote_refuses_a_digest_without_a_passing_scan_record_unless_the_risk_is_accepted_or_the_finding_allowed()
    {
        using var git = TempGitRepository.Create();
        Directory.CreateDirectory(Path.Combine(git.Path, ".nuke"));
        git.Commit("feat: a candidate");
        var (reference, name, digest) = await TrustTestData.PushOwnImageAsync("gate");
        var recordPath = Path.Combine(git.Path, "artifacts", ImageRecordFile.FileName);
        Task<ToolResult> Promote(params string[] more) => ToolRunner.RunAsync(SampleBuildProcess.Build(git.Path,
            ["Promote", "--image", reference, "--unverified", "no staging in this test", .. more]).WithEnvironment("SLIPWAY_TEST_ENVIRONMENT", "trust-" + Guid.NewGuid().ToString("N")[..8]));

        var unscanned = await Promote();
        using var registry = new RegistryClient();
        var store = new ReferrerStore(registry, credentials: null);
        var record = ScanRecord.FromTrivy(TrustTestData.DebianBusterReport, TrivyVersionInfo.Read(TrustTestData.TrivyVersion), digest, reference, DateTimeOffset.UtcNow);
        await store.AttachAsync(name, digest, ScanRecord.ArtifactType, record.ToJson(), new Dictionary<string, string> { [OciDescriptor.CreatedAnnotation] = "2021-08-25T12:20:30.000Z" });
        var stale = await Promote();
        var critical = await Promote("--scan-max-age", AgeOfTheRecordedReport);
        var wroteNothing = !File.Exists(recordPath);
        var accepted = await Promote("--scan-max-age", AgeOfTheRecordedReport, "--accept-risk", "libidn2 not reachable: no IDN input (SEC-12)");
        var acceptedRecord = await ImageRecordFile.ReadAsync(recordPath);
        Directory.CreateDirectory(Path.Combine(git.Path, ".slipway"));
        await File.WriteAllTextAsync(Path.Combine(git.Path, ".slipway", AdvisoryAllowList.FileName), JsonSerializer.Serialize(new
        {
            accepted = new[] { new { advisory = "CVE-2019-18224", package = "libidn2-0", reason = "fixed in the next base image (SEC-12)", expires = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) } },
        }));
        var allowed = await Promote("--scan-max-age", AgeOfTheRecordedReport);
        var allowedRecord = await ImageRecordFile.ReadAsync(recordPath);

        Assert.Multiple(() =>
        {
            Assert.That(unscanned.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), Output(unscanned));
            Assert.That(Output(unscanned), Does.Contain($"Promote refused: {digest} has no scan record in the registry").And.Contain("--accept-risk"));
            Assert.That(stale.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), Output(stale));
            Assert.That(Output(stale), Does.Contain("older than the 7 day(s) allowed"));
            Assert.That(critical.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), Output(critical));
            Assert.That(Output(critical), Does.Contain("1 CRITICAL/HIGH finding(s): CVE-2019-18224 CRITICAL in libidn2-0 2.0.5-1 (fixed in 2.0.5-1+deb10u1)"));
            Assert.That(wroteNothing, Is.True, "a refusal writes no image record");
            Assert.That(accepted.ExitCode, Is.EqualTo(ExitCodes.Success), Output(accepted));
            Assert.That(acceptedRecord.AcceptedRisk, Is.EqualTo("libidn2 not reachable: no IDN input (SEC-12)"));
            Assert.That(Output(accepted), Does.Contain("ACCEPTED RISK (--accept-risk: libidn2 not reachable: no IDN input (SEC-12))"));
            Assert.That(allowed.ExitCode, Is.EqualTo(ExitCodes.Success), Output(allowed));
            Assert.That(allowedRecord.AcceptedRisk, Is.Null, "the allow list accepted the finding: no risk taken beyond it");
            Assert.That(Output(allowed), Does.Contain("Accepted until").And.Contain("CVE-2019-18224"));
        });
    }

    private static string Output(ToolResult result) => result.StandardOutput + result.StandardError;
}
