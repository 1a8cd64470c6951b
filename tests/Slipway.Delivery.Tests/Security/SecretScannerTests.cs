using Slipway.Delivery.Security;

namespace Slipway.Delivery.Tests.Security;

public class SecretScannerTests
{
    private static IEnumerable<TestCaseData> Planted()
    {
        yield return new TestCaseData(PlantedSecrets.GitHubToken, "github-token").SetName("GitHub token");
        yield return new TestCaseData(PlantedSecrets.FineGrainedGitHubToken, "github-fine-grained-token").SetName("GitHub fine-grained token");
        yield return new TestCaseData(PlantedSecrets.AwsAccessKeyId, "aws-access-key-id").SetName("AWS access key id");
        yield return new TestCaseData(PlantedSecrets.AwsSecretLine, "aws-secret-access-key").SetName("AWS secret access key");
        yield return new TestCaseData(PlantedSecrets.PrivateKeyHeader, "private-key").SetName("Private key");
        yield return new TestCaseData(PlantedSecrets.ConnectionString, "connection-string-password").SetName("Connection string password");
        yield return new TestCaseData(PlantedSecrets.UrlWithPassword, "url-password").SetName("URL with password");
        yield return new TestCaseData(PlantedSecrets.SlackToken, "slack-token").SetName("Slack token");
        yield return new TestCaseData(PlantedSecrets.GoogleApiKey, "google-api-key").SetName("Google API key");
    }

    [TestCaseSource(nameof(Planted))]
    public void Finds_the_credential_with_its_line_and_kind_but_not_its_value(string secret, string rule)
    {
        var text = $"first line\n  \"setting\": \"{secret}\",\nlast line";

        var findings = SecretScanner.Scan("config/settings.json", text);

        Assert.That(findings.Select(f => (f.Path, f.Line, f.Rule)), Does.Contain(("config/settings.json", 2, rule)));
        Assert.That(findings.Select(f => f.ToString()), Has.None.Contains(secret));
    }

    [TestCase("Host=localhost;Username=app;Password=${DB_PASSWORD}")]
    [TestCase("Host=localhost;Username=app;Password=<your-password>")]
    [TestCase("Host=localhost;Username=app;Password=***")]
    [TestCase("Host=localhost;Username=app;Password={0}")]
    [TestCase("Host=localhost;Username=app;Password=%DB_PASSWORD%")]
    [TestCase("Host=localhost;Username=app;Password=;")]
    [TestCase("https://user:${TOKEN}@example.com/repo.git")]
    [TestCase("options.Password = password;")]
    [TestCase("See https://docs.github.com/en/authentication for tokens")]
    public void Placeholders_and_code_are_not_credentials(string line)
    {
        Assert.That(SecretScanner.Scan("a.txt", line), Is.Empty);
    }

    [Test]
    public void Allow_list_entries_match_path_globs_rules_and_lines()
    {
        var finding = new SecretFinding("tests/Fixtures/tls/server.key", 1, "private-key", "private key");

        Assert.That(new AllowedSecret("tests/**/*.key", null, null, "r").Covers(finding), Is.True);
        Assert.That(new AllowedSecret("**/server.key", "private-key", 1, "r").Covers(finding), Is.True);
        Assert.That(new AllowedSecret("tests/*.key", null, null, "r").Covers(finding), Is.False);
        Assert.That(new AllowedSecret("tests/**", "github-token", null, "r").Covers(finding), Is.False);
        Assert.That(new AllowedSecret("tests/**", null, 2, "r").Covers(finding), Is.False);
    }
}
