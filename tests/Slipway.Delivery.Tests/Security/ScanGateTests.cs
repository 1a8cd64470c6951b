using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Slipway.Delivery.Tests.Quality;

namespace Slipway.Delivery.Tests.Security;

/// <summary>
/// The Scan target against a scratch repository with one problem of each kind planted: a broken hash algorithm
/// (SAST), a package the project uses flagged by a local vulnerability feed, a GitHub token in a tracked file, a
/// dependency under a denied license, and an image to scan without trivy. Then each is fixed or accepted on record.
/// </summary>
[NonParallelizable]
public class ScanGateTests
{
    private const string Advisory = "https://github.com/advisories/GHSA-slip-wayt-est1";
    private const string Image = "scratch/app:1.0";

    private ScratchRepository repository = null!;
    private VulnerabilityFeed feed = null!;
    private string packageFeed = null!;

    [OneTimeSetUp]
    public async Task PlantProblems()
    {
        Environment.SetEnvironmentVariable("MSBUILDDISABLENODEREUSE", "1");
        feed = await VulnerabilityFeed.StartAsync("Serilog", "[3.0.0, 3.1.2)", severity: 2, Advisory);
        packageFeed = Directory.CreateTempSubdirectory("slipway-packages-").FullName;
        PackCopyleftPackage(packageFeed);

        repository = new ScratchRepository("scan");
        repository.WriteSolution("src/App/App.csproj");
        // Package sources: this machine's own (for Serilog) plus a folder with the GPL package; vulnerability data only
        // from the local feed.
        repository.WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="scratch-local" value="{packageFeed}" />
              </packageSources>
              <auditSources>
                <clear />
                <add key="advisories" value="{feed.ServiceIndex}" allowInsecureConnections="true" />
              </auditSources>
            </configuration>

            """);
        var packages = repository.ReadFile("Directory.Packages.props")
            .Replace("</Project>", "  <ItemGroup><PackageVersion Include=\"Acme.Copyleft\" Version=\"1.0.0\" /></ItemGroup>\n</Project>", StringComparison.Ordinal);
        repository.WriteFile("Directory.Packages.props", packages);
        repository.WriteFile("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Serilog" />
                <PackageReference Include="Acme.Copyleft" />
              </ItemGroup>
            </Project>

            """);
        repository.WriteFile("src/App/Greeting.cs", """
            namespace App;

            public static class Greeting
            {
                public static string Hello(string name) => "Hello, " + name;
            }

            """);

        // Line 7: MD5 (CA5351, S4790).
        repository.WriteFile("src/App/Hashing.cs", """
            using System.Security.Cryptography;

            namespace App;

            public static class Hashing
            {
                public static byte[] Fingerprint(byte[] data) => MD5.HashData(data);
            }

            """);

        // Line 2: a GitHub token.
        repository.WriteFile("config/settings.json", $"{{\n  \"token\": \"{PlantedSecrets.GitHubToken}\"\n}}\n");
    }

    [OneTimeTearDown]
    public async Task RemoveEverything()
    {
        repository.Dispose();
        Directory.Delete(packageFeed, recursive: true);
        await feed.DisposeAsync();
    }

    [Test]
    [Order(1)]
    public void Scan_fails_on_every_planted_problem_and_says_exactly_why()
    {
        var stepSummary = repository.Root / "step-summary.md";
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", PathWithoutTrivy(path));
        int exitCode;
        try
        {
            exitCode = repository.Run(stepSummary, "Scan", "--image", Image);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        Assert.That(exitCode, Is.EqualTo(1));
        var output = repository.Output;

        // SAST: the .NET security rule and SonarAnalyzer's, on the line, with SARIF for code scanning.
        Assert.That(output, Does.Contain("::error file=src/App/Hashing.cs,line=7::CA5351: "));
        Assert.That(output, Does.Contain("::error file=src/App/Hashing.cs,line=7::S4790: "));
        Assert.That(File.ReadAllText(repository.Root / "artifacts" / "scan" / "sast" / "App.sarif"), Does.Contain("CA5351"));
        Assert.That(output, Does.Not.Contain("Greeting.cs"));

        // Dependencies: package, version, severity and advisory.
        Assert.That(output, Does.Contain($"::error file=src/App/App.csproj::HIGH: Serilog 3.1.1 (direct) has a HIGH vulnerability: {Advisory}"));

        // Secrets: file, line and kind; never the value.
        Assert.That(output, Does.Contain("::error file=config/settings.json,line=2::secret/github-token: GitHub token"));
        Assert.That(output, Does.Not.Contain(PlantedSecrets.GitHubToken));
        Assert.That(File.ReadAllText(stepSummary), Does.Not.Contain(PlantedSecrets.GitHubToken));

        // Licenses: package and license, and the inventory of every dependency.
        Assert.That(output, Does.Contain("::error file=src/App/App.csproj::license-denied: Acme.Copyleft 1.0.0 is licensed GPL-3.0-only"));
        using var licenses = JsonDocument.Parse(File.ReadAllText(repository.Root / "artifacts" / "scan" / "licenses.json"));
        var inventory = licenses.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("package").GetString()!, p => p.GetProperty("license").GetString());
        Assert.That(inventory["Serilog"], Is.EqualTo("Apache-2.0"));
        Assert.That(inventory["Acme.Copyleft"], Is.EqualTo("GPL-3.0-only"));

        // Image: trivy is required once an image is named.
        Assert.That(output, Does.Contain("trivy is not on PATH"));
        Assert.That(output, Does.Contain("--skip-image-scan"));

        Assert.That(output, Does.Contain("Scan failed: sast: 2 finding(s)").And.Contain("dependencies: 1 finding(s)").And.Contain("secrets: 1 finding(s)")
            .And.Contain("licenses: 1 finding(s)").And.Contain("image: 1 finding(s)"));
    }

    [Test]
    [Order(2)]
    public void Scan_passes_once_each_problem_is_fixed_or_accepted_with_a_reason_and_an_expiry()
    {
        File.Delete(repository.Root / "src" / "App" / "Hashing.cs");
        var expires = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        repository.WriteFile(".slipway/advisories.json", $$"""
            { "accepted": [ { "advisory": "{{Advisory}}", "package": "Serilog", "reason": "the affected code path is not used", "expires": "{{expires}}" } ] }
            """);
        repository.WriteFile(".slipway/secrets-allowlist.json", """
            { "allowed": [ { "path": "config/settings.json", "rule": "github-token", "reason": "revoked token kept as a parser fixture" } ] }
            """);
        repository.WriteFile(".slipway/licenses.json", """
            { "exceptions": [ { "package": "Acme.Copyleft", "reason": "internal tool, never distributed" } ] }
            """);

        var exitCode = repository.Run(null, "Scan", "--image", Image, "--skip-image-scan");

        Assert.That(exitCode, Is.Zero, repository.Output);
        Assert.That(repository.Output, Does.Contain($"accepted until {expires} in .slipway/advisories.json: the affected code path is not used"));
        Assert.That(repository.Output, Does.Contain("1 allowed by .slipway/secrets-allowlist.json"));
        Assert.That(repository.Output, Does.Contain("accepted in .slipway/licenses.json: internal tool, never distributed"));
        Assert.That(repository.Output, Does.Contain($"skipped for {Image} (--skip-image-scan)"));
    }

    private static void PackCopyleftPackage(string output)
    {
        var project = Directory.CreateTempSubdirectory("slipway-copyleft-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(project, "Acme.Copyleft.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <PackageId>Acme.Copyleft</PackageId>
                    <Version>1.0.0</Version>
                    <Authors>Acme</Authors>
                    <PackageLicenseExpression>GPL-3.0-only</PackageLicenseExpression>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Copyleft.cs"), "namespace Acme.Copyleft;\n\npublic static class Marker;\n");
            var start = new ProcessStartInfo("dotnet", ["pack", project, "--output", output, "--nologo"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"dotnet pack: {stdout.Result}{stderr}");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static string PathWithoutTrivy(string? path) =>
        string.Join(Path.PathSeparator, (path ?? string.Empty).Split(Path.PathSeparator).Where(d => !File.Exists(Path.Combine(d, "trivy"))));
}
