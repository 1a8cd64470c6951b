using Slipway.Delivery.Security;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Trust;

/// <summary>
/// The gate's policy over a real trivy report (TestData/README.md): the scan record keeps what trivy found, the default
/// policy (CRITICAL, HIGH) refuses it naming the finding, the advisory allow list accepts it for a while, and a missing,
/// stale or too narrow record is refused.
/// </summary>
public class ScanGateTests
{
    private const string Digest = "sha256:9746a2f4ebb0728b3b6b26e219ed4c0b489decb10167f27888c3d4b3374c86c3";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly AdvisoryAllowList NoneAccepted = new([]);

    private static ScanRecord Record(DateTimeOffset? scannedAt = null, IReadOnlyList<string>? severities = null)
    {
        var record = ScanRecord.FromTrivy(TrustTestData.DebianBusterReport, TrivyVersionInfo.Read(TrustTestData.TrivyVersion), Digest, "localhost:5000/acme/api@" + Digest, Now, severities);
        return record with { ScannedAt = scannedAt ?? Now.AddHours(-2) };
    }

    [Test]
    public void The_record_of_a_real_report_counts_its_findings_by_severity_with_the_scanner_and_database()
    {
        var record = ScanRecord.FromTrivy(TrustTestData.DebianBusterReport, TrivyVersionInfo.Read(TrustTestData.TrivyVersion), Digest, "img@" + Digest, Now);

        Assert.Multiple(() =>
        {
            Assert.That(record.Counts, Is.EqualTo(new Dictionary<string, int> { ["CRITICAL"] = 1, ["HIGH"] = 0, ["MEDIUM"] = 0, ["LOW"] = 1, ["UNKNOWN"] = 0 }));
            Assert.That(record.Findings.Select(f => (f.Id, f.Package, f.Severity, f.FixedVersion)), Is.EqualTo(new[]
            {
                ("CVE-2019-18276", "bash", "LOW", (string?)null),
                ("CVE-2019-18224", "libidn2-0", "CRITICAL", "2.0.5-1+deb10u1"),
            }));
            Assert.That(record.ScannedAt, Is.EqualTo(DateTimeOffset.Parse("2021-08-25T12:20:30.000000005Z", System.Globalization.CultureInfo.InvariantCulture)), "the report's CreatedAt: when trivy scanned");
            Assert.That((record.ScannerVersion, record.DatabaseVersion, record.DatabaseUpdatedAt), Is.EqualTo(("0.74.0", "2", (DateTimeOffset?)new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero))));
            Assert.That(record.Digest, Is.EqualTo(Digest));
        });
    }

    [Test]
    public void The_record_survives_its_json_round_trip_through_the_registry()
    {
        var record = Record();

        var read = ScanRecord.Parse(record.ToJson());

        Assert.Multiple(() =>
        {
            Assert.That(read.Findings, Is.EqualTo(record.Findings));
            Assert.That(read.Counts, Is.EqualTo(record.Counts));
            Assert.That((read.Digest, read.ScannedAt, read.ScannerVersion, read.DatabaseUpdatedAt), Is.EqualTo((record.Digest, record.ScannedAt, record.ScannerVersion, record.DatabaseUpdatedAt)));
        });
    }

    [Test]
    public void Scan_and_the_gate_read_the_report_through_one_parser()
    {
        var findings = TrivyReport.Read(TrustTestData.DebianBusterReport, "debian:buster");

        Assert.That(findings.Select(f => f.Rule), Is.EqualTo(Record().Findings.Select(f => f.Id)));
        Assert.That(findings[1].Message, Does.Contain("libidn2-0 2.0.5-1: CRITICAL").And.Contain("fixed in 2.0.5-1+deb10u1"));
    }

    [Test]
    public void A_critical_finding_is_refused_by_the_default_policy_naming_it()
    {
        var verdict = ScanPolicy.Default.Evaluate([Record()], Digest, NoneAccepted, Now);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.False);
            Assert.That(verdict.Blocking.Select(b => b.Id), Is.EqualTo(new[] { "CVE-2019-18224" }), "the LOW bash finding does not block");
            Assert.That(verdict.Reason, Does.Contain("1 CRITICAL/HIGH finding(s): CVE-2019-18224 CRITICAL in libidn2-0 2.0.5-1 (fixed in 2.0.5-1+deb10u1)"));
        });
    }

    [Test]
    public void An_unexpired_allow_list_entry_accepts_the_finding_and_an_expired_one_does_not()
    {
        var accepted = new AdvisoryAllowList([new AcceptedAdvisory("CVE-2019-18224", "libidn2-0", "not reachable: no IDN input (SEC-12)", new DateOnly(2027, 1, 31))]);
        var expired = new AdvisoryAllowList([new AcceptedAdvisory("https://avd.aquasec.com/nvd/cve-2019-18224", null, "old", new DateOnly(2026, 11, 30))]);
        var byUrl = new AdvisoryAllowList([new AcceptedAdvisory("https://avd.aquasec.com/nvd/cve-2019-18224", null, "by url", new DateOnly(2027, 1, 31))]);

        var passed = ScanPolicy.Default.Evaluate([Record()], Digest, accepted, Now);
        var refused = ScanPolicy.Default.Evaluate([Record()], Digest, expired, Now);
        var passedByUrl = ScanPolicy.Default.Evaluate([Record()], Digest, byUrl, Now);

        Assert.Multiple(() =>
        {
            Assert.That(passed.Passed, Is.True, passed.Reason);
            Assert.That(passed.Accepted.Select(a => a.Finding.Id), Is.EqualTo(new[] { "CVE-2019-18224" }));
            Assert.That(passed.Reason, Does.Contain("beyond 1 accepted in the allow list"));
            Assert.That(refused.Passed, Is.False);
            Assert.That(passedByUrl.Passed, Is.True, "an entry may name the advisory by its URL, as the package audit's entries do");
        });
    }

    [Test]
    public void The_policy_can_block_on_fewer_or_more_severities()
    {
        var criticalOnly = ScanPolicy.From(["critical"], null);
        var withLow = ScanPolicy.From(["CRITICAL", "HIGH", "MEDIUM", "LOW"], null);
        var accepted = new AdvisoryAllowList([new AcceptedAdvisory("CVE-2019-18224", null, "r", new DateOnly(2027, 1, 31))]);

        Assert.Multiple(() =>
        {
            Assert.That(criticalOnly.Evaluate([Record()], Digest, NoneAccepted, Now).Blocking.Select(b => b.Id), Is.EqualTo(new[] { "CVE-2019-18224" }));
            Assert.That(withLow.Evaluate([Record()], Digest, accepted, Now).Blocking.Select(b => b.Id), Is.EqualTo(new[] { "CVE-2019-18276" }));
            Assert.That(() => ScanPolicy.From(["SEVERE"], null), Throws.TypeOf<BuildFailedException>().With.Message.Contains("'SEVERE' is not a trivy severity"));
            Assert.That(() => ScanPolicy.From(null, TimeSpan.Zero), Throws.TypeOf<BuildFailedException>().With.Message.Contains("not a positive time span"));
        });
    }

    [Test]
    public void A_missing_a_stale_or_a_too_narrow_record_is_refused()
    {
        var accepted = new AdvisoryAllowList([new AcceptedAdvisory("CVE-2019-18224", null, "r", new DateOnly(2027, 1, 31))]);

        var missing = ScanPolicy.Default.Evaluate([], Digest, accepted, Now);
        var otherDigest = ScanPolicy.Default.Evaluate([Record() with { Digest = "sha256:" + new string('0', 64) }], Digest, accepted, Now);
        var stale = ScanPolicy.Default.Evaluate([Record(Now.AddDays(-8))], Digest, accepted, Now);
        var freshWins = ScanPolicy.Default.Evaluate([Record(Now.AddDays(-8)), Record(Now.AddHours(-1))], Digest, accepted, Now);
        var narrow = ScanPolicy.From(["CRITICAL", "HIGH", "MEDIUM"], null).Evaluate([Record(severities: ["CRITICAL", "HIGH"])], Digest, accepted, Now);

        Assert.Multiple(() =>
        {
            Assert.That((missing.Passed, missing.Reason), Is.EqualTo((false, $"{Digest} has no scan record in the registry")));
            Assert.That(otherDigest.Passed, Is.False, "a record of another digest says nothing about this one");
            Assert.That(stale.Passed, Is.False);
            Assert.That(stale.Reason, Does.Contain("is 8 day(s) old").And.Contain("older than the 7 day(s) allowed"));
            Assert.That(freshWins.Passed, Is.True, "the newest record is judged");
            Assert.That(narrow.Reason, Does.Contain("looked for CRITICAL/HIGH only, not MEDIUM"));
        });
    }
}
