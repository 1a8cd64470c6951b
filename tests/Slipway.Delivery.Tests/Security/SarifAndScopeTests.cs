using System.Text.Json;
using System.Xml.Linq;
using Slipway.Delivery.Security;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Security;

public class SarifAndScopeTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    [Test]
    public void Sarif_results_become_findings_unless_suppressed_or_notes()
    {
        const string Json = """
            { "version": "2.1.0", "runs": [ { "results": [
              { "ruleId": "CA5351", "level": "error", "message": { "text": "MD5 is a broken algorithm" },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///repo/src/App/Hashing.cs" }, "region": { "startLine": 9, "startColumn": 20 } } } ] },
              { "ruleId": "S2068", "level": "error", "message": { "text": "suppressed" }, "suppressions": [ { "kind": "inSource" } ],
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///repo/src/App/Db.cs" }, "region": { "startLine": 3 } } } ] },
              { "ruleId": "CA1822", "level": "note", "message": { "text": "a note" } },
              { "ruleId": "CS8019", "level": "none", "message": { "text": "hidden" } }
            ] } ] }
            """;

        var findings = SarifReader.Read(Json, Root);

        Assert.That(findings.Select(f => f.ToString()), Is.EqualTo(new[] { "src/App/Hashing.cs:9: CA5351: MD5 is a broken algorithm" }));
    }

    [Test]
    public void Only_shipped_projects_are_analysed()
    {
        var slnx = XDocument.Parse("""
            <Solution>
              <Folder Name="/build/"><Project Path="build/_build.csproj"><Build Project="false" /></Project></Folder>
              <Folder Name="/src/"><Project Path="src/Catalog.Api/Catalog.Api.csproj" /><Project Path="src\Slipway.Engine\Slipway.Engine.csproj" /></Folder>
              <Folder Name="/tests/"><Project Path="tests/Slipway.Engine.Tests/Slipway.Engine.Tests.csproj" /><Project Path="tests/Slipway.Engine.SampleBuild/Slipway.Engine.SampleBuild.csproj" /></Folder>
            </Solution>
            """);

        Assert.That(SastScope.Projects(slnx), Is.EqualTo(new[] { "src/Catalog.Api/Catalog.Api.csproj", "src/Slipway.Engine/Slipway.Engine.csproj" }));
        Assert.That(SastScope.AllProjects(slnx), Has.Count.EqualTo(5));
    }

    [Test]
    public void The_solution_filter_points_back_at_the_solution()
    {
        using var filter = JsonDocument.Parse(SastScope.SolutionFilter("../../Slipway.slnx", ["src/A/A.csproj"]));

        var solution = filter.RootElement.GetProperty("solution");
        Assert.That(solution.GetProperty("path").GetString(), Is.EqualTo("../../Slipway.slnx"));
        Assert.That(solution.GetProperty("projects")[0].GetString(), Is.EqualTo("src/A/A.csproj"));
    }

    [Test]
    public void The_security_build_is_a_full_compile_with_sarif()
    {
        var build = SecurityCommands.SecurityBuild(Root / "artifacts" / "scan" / "sast.slnf", DotNet.Configuration.Release, Root / "artifacts" / "scan" / "sast");

        Assert.That(build.Render(), Is.EqualTo(
            "dotnet build /repo/artifacts/scan/sast.slnf --nologo --no-restore --no-incremental --configuration Release " +
            "-p:SlipwaySecurityScan=true -p:SlipwaySarifDirectory=/repo/artifacts/scan/sast"));
    }

    [Test]
    public void Trivy_scans_high_and_critical_and_converts_to_sarif()
    {
        var scan = SecurityCommands.TrivyImage("registry.local/catalog-api:sha-1a2b3c4", Root / "trivy.json");
        var sarif = SecurityCommands.TrivySarif(Root / "trivy.json", Root / "trivy.sarif");

        Assert.That(scan.Render(), Is.EqualTo(
            "trivy image --scanners vuln --severity HIGH,CRITICAL --format json --output /repo/trivy.json --exit-code 0 --quiet registry.local/catalog-api:sha-1a2b3c4"));
        Assert.That(sarif.Render(), Is.EqualTo("trivy convert --format sarif --output /repo/trivy.sarif /repo/trivy.json"));
    }

    [Test]
    public void Trivy_findings_name_package_version_severity_and_fix()
    {
        const string Json = """
            { "ArtifactName": "catalog-api:1.0.0", "Results": [
              { "Target": "catalog-api:1.0.0 (debian 12.7)", "Class": "os-pkgs", "Vulnerabilities": [
                { "VulnerabilityID": "CVE-2024-0001", "PkgName": "libssl3", "InstalledVersion": "3.0.11-1", "FixedVersion": "3.0.13-1",
                  "Severity": "CRITICAL", "Title": "openssl: a flaw", "PrimaryURL": "https://avd.aquasec.com/nvd/cve-2024-0001" } ] },
              { "Target": "app/Catalog.Api.deps.json", "Class": "lang-pkgs" } ] }
            """;

        var findings = TrivyReport.Read(Json, "catalog-api:1.0.0");

        Assert.That(findings.Single().ToString(), Is.EqualTo(
            "Dockerfile: CVE-2024-0001: catalog-api:1.0.0 (catalog-api:1.0.0 (debian 12.7)): libssl3 3.0.11-1: CRITICAL openssl: a flaw (fixed in 3.0.13-1) https://avd.aquasec.com/nvd/cve-2024-0001"));
        Assert.That(TrivyReport.Read("""{ "Results": null }""", "x"), Is.Empty);
    }
}
