using Slipway.Delivery.Security;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Security;

public class DependencyAuditTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly string AllowListPath = Root / ".slipway" / "advisories.json";

    private static readonly VulnerablePackage HighSerilog =
        new("src/App/App.csproj", "Serilog", "3.1.1", VulnerabilitySeverity.High, "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", Transitive: false);

    private static readonly VulnerablePackage LowYaml =
        new("src/App/App.csproj", "YamlDotNet", "16.3.0", VulnerabilitySeverity.Low, "https://github.com/advisories/GHSA-dddd-eeee-ffff", Transitive: true);

    private readonly DependencyAudit audit = new(Root, Root / "Slipway.slnx", Root / "artifacts" / "scan");

    [Test]
    public void The_json_of_dotnet_list_package_is_read_with_transitive_packages()
    {
        const string Json = """
            { "version": 1, "parameters": "--vulnerable --include-transitive", "sources": [ "https://vulns.example/v3/index.json" ],
              "projects": [ { "path": "/repo/src/App/App.csproj", "frameworks": [ { "framework": "net10.0",
                "topLevelPackages": [ { "id": "Serilog", "requestedVersion": "3.1.1", "resolvedVersion": "3.1.1",
                  "vulnerabilities": [ { "severity": "High", "advisoryurl": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc" } ] } ],
                "transitivePackages": [ { "id": "YamlDotNet", "resolvedVersion": "16.3.0",
                  "vulnerabilities": [ { "severity": "Low", "advisoryurl": "https://github.com/advisories/GHSA-dddd-eeee-ffff" } ] } ] } ] },
                { "path": "/repo/src/Clean/Clean.csproj", "frameworks": [ { "framework": "net10.0", "topLevelPackages": [] } ] } ] }
            """;

        var found = VulnerabilityReport.Read(Json, path => Slipway.Delivery.Quality.RepositoryPath.Relative(Root, path));

        Assert.That(found, Is.EqualTo(new[] { HighSerilog, LowYaml }));
        Assert.That(VulnerabilityReport.Sources(Json), Is.EqualTo(new[] { "https://vulns.example/v3/index.json" }));
    }

    [TestCase("Low", VulnerabilitySeverity.Low)]
    [TestCase("moderate", VulnerabilitySeverity.Moderate)]
    [TestCase("2", VulnerabilitySeverity.High)]
    [TestCase("Critical", VulnerabilitySeverity.Critical)]
    [TestCase("whatever", VulnerabilitySeverity.Critical)]
    public void Severities_are_nugets_and_unknown_counts_as_worst(string text, VulnerabilitySeverity expected)
    {
        Assert.That(VulnerabilityReport.ParseSeverity(text), Is.EqualTo(expected));
    }

    [Test]
    public void Fails_at_the_level_and_above_naming_package_version_severity_and_advisory()
    {
        var result = audit.Evaluate([HighSerilog, LowYaml], VulnerabilitySeverity.High, new AdvisoryAllowList([]), AllowListPath, Today);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures.Single().ToString(), Is.EqualTo(
            "src/App/App.csproj: HIGH: Serilog 3.1.1 (direct) has a HIGH vulnerability: https://github.com/advisories/GHSA-aaaa-bbbb-cccc"));
        Assert.That(result.Warnings.Single().Message, Does.Contain("YamlDotNet 16.3.0 (transitive)").And.Contain("below --vulnerability-level high"));
    }

    [Test]
    public void A_lower_level_fails_on_more()
    {
        var result = audit.Evaluate([HighSerilog, LowYaml], VulnerabilitySeverity.Low, new AdvisoryAllowList([]), AllowListPath, Today);

        Assert.That(result.Failures, Has.Count.EqualTo(2));
        Assert.That(audit.Evaluate([HighSerilog], VulnerabilitySeverity.Critical, new AdvisoryAllowList([]), AllowListPath, Today).Failed, Is.False);
    }

    [Test]
    public void An_accepted_advisory_warns_until_it_expires()
    {
        var accepted = new AdvisoryAllowList([new AcceptedAdvisory(HighSerilog.AdvisoryUrl, "Serilog", "no fix yet; we do not use the affected sink", new DateOnly(2026, 12, 31))]);

        var result = audit.Evaluate([HighSerilog], VulnerabilitySeverity.High, accepted, AllowListPath, Today);

        Assert.That(result.Failed, Is.False);
        Assert.That(result.Warnings.Single().Message, Does.Contain("accepted until 2026-12-31 in .slipway/advisories.json: no fix yet"));
    }

    [Test]
    public void An_expired_entry_fails_the_scan_even_when_nothing_is_vulnerable()
    {
        var expired = new AdvisoryAllowList([new AcceptedAdvisory(HighSerilog.AdvisoryUrl, null, "waiting for 3.2", new DateOnly(2026, 11, 20))]);

        var clean = audit.Evaluate([], VulnerabilitySeverity.High, expired, AllowListPath, Today);
        var stillVulnerable = audit.Evaluate([HighSerilog], VulnerabilitySeverity.High, expired, AllowListPath, Today);

        Assert.That(clean.Failures.Single().ToString(), Does.StartWith(".slipway/advisories.json: expired-allow-list-entry: the acceptance of https://github.com/advisories/GHSA-aaaa-bbbb-cccc expired on 2026-11-20"));
        Assert.That(stillVulnerable.Failures, Has.Count.EqualTo(2));
    }

    [Test]
    public void An_entry_expiring_today_still_holds()
    {
        Assert.That(new AcceptedAdvisory("u", null, "r", Today).IsExpired(Today), Is.False);
    }

    [Test]
    public void The_allow_list_file_is_read_and_checked()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-advisories-").FullName;
        try
        {
            var path = Path.Combine(directory, "advisories.json");
            File.WriteAllText(path, """
                {
                  // comments are fine
                  "accepted": [ { "advisory": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", "package": "Serilog", "reason": "not reachable", "expires": "2027-01-31" } ]
                }
                """);
            Assert.That(AdvisoryAllowList.Load(path).Entries.Single(), Is.EqualTo(
                new AcceptedAdvisory("https://github.com/advisories/GHSA-aaaa-bbbb-cccc", "Serilog", "not reachable", new DateOnly(2027, 1, 31))));

            File.WriteAllText(path, """{ "accepted": [ { "advisory": "https://x", "expires": "2027-01-31" } ] }""");
            var noReason = Assert.Throws<BuildFailedException>(() => AdvisoryAllowList.Load(path));
            Assert.That(noReason!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(noReason.Message, Does.Contain("entry 1 needs a non-empty \"reason\""));

            File.WriteAllText(path, """{ "accepted": [ { "advisory": "https://x", "reason": "r", "expires": "soon" } ] }""");
            Assert.That(Assert.Throws<BuildFailedException>(() => AdvisoryAllowList.Load(path))!.Message, Does.Contain("\"expires\": \"soon\""));

            Assert.That(AdvisoryAllowList.Load(Path.Combine(directory, "missing.json")).Entries, Is.Empty);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
