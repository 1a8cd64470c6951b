using System.Text;
using Catalog.Api.Configuration;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Catalog.Api.Tests.Unit;

public sealed class SecuritySettingsReaderTests
{
    private const string ContentRoot = "/srv/catalog";
    private const string WeakKey = "short-but-secret-9";

    [Test]
    public void Nothing_configured_means_read_only_writes_limited_to_60_a_minute_and_no_cors_origin()
    {
        var security = Read([]);

        Assert.Multiple(() =>
        {
            Assert.That(security.Jwt, Is.Null);
            Assert.That(security.RateLimit, Is.EqualTo(new RateLimitSettings(true, 60, TimeSpan.FromSeconds(60))));
            Assert.That(security.CorsOrigins, Is.Empty);
        });
    }

    [Test]
    public void A_key_with_issuer_and_audience_is_read_and_never_printed()
    {
        var security = Read(new(TestTokens.Settings));

        Assert.Multiple(() =>
        {
            Assert.That(security.Jwt!.SigningKey, Is.EqualTo(Encoding.UTF8.GetBytes(TestTokens.SigningKey)));
            Assert.That((security.Jwt.Issuer, security.Jwt.Audience), Is.EqualTo((TestTokens.Issuer, TestTokens.Audience)));
            Assert.That(security.ToString(), Does.Not.Contain(TestTokens.SigningKey));
        });
    }

    [Test]
    public void The_key_can_come_from_a_file_without_its_final_line_break()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, TestTokens.SigningKey + "\n");

            var security = Read(new() { ["JWT_SIGNING_KEY_FILE"] = file, ["JWT_ISSUER"] = TestTokens.Issuer, ["JWT_AUDIENCE"] = TestTokens.Audience });

            Assert.That(security.Jwt!.SigningKey, Is.EqualTo(Encoding.UTF8.GetBytes(TestTokens.SigningKey)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Auth_required_without_a_key_is_an_error_naming_the_key_setting()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new() { ["AUTH_REQUIRED"] = "true" }));

        Assert.That(error!.Message, Does.StartWith("AUTH_REQUIRED is true, but JWT_SIGNING_KEY is not set"));
    }

    [Test]
    public void A_weak_key_is_an_error_naming_the_setting_without_echoing_the_key()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new()
        {
            ["JWT_SIGNING_KEY"] = WeakKey, ["JWT_ISSUER"] = TestTokens.Issuer, ["JWT_AUDIENCE"] = TestTokens.Audience,
        }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("JWT_SIGNING_KEY is too weak for HS256: it must hold at least 32 bytes"));
            Assert.That(error.Message, Does.Not.Contain(WeakKey));
        });
    }

    [Test]
    public void A_blank_key_of_32_spaces_is_weak_too() =>
        Assert.That(
            () => Read(new() { ["JWT_SIGNING_KEY"] = new string(' ', 40), ["JWT_ISSUER"] = "i", ["JWT_AUDIENCE"] = "a" }),
            Throws.TypeOf<InvalidConfigurationException>().With.Message.Contains("JWT_SIGNING_KEY is too weak"));

    [Test]
    public void A_key_needs_an_issuer_and_an_audience()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new() { ["JWT_SIGNING_KEY"] = TestTokens.SigningKey }));

        Assert.That(error!.Problems, Has.Count.EqualTo(2));
        Assert.That(error.Message, Does.Contain("JWT_ISSUER is required with JWT_SIGNING_KEY").And.Contain("JWT_AUDIENCE is required with JWT_SIGNING_KEY"));
    }

    [Test]
    public void An_issuer_without_a_key_is_an_error_rather_than_a_silent_read_only_start() =>
        Assert.That(
            () => Read(new() { ["JWT_ISSUER"] = TestTokens.Issuer }),
            Throws.TypeOf<InvalidConfigurationException>().With.Message.Contains("JWT_SIGNING_KEY is not"));

    [Test]
    public void The_key_and_its_file_together_or_an_unreadable_file_are_errors()
    {
        var both = Assert.Throws<InvalidConfigurationException>(() => Read(new() { ["JWT_SIGNING_KEY"] = TestTokens.SigningKey, ["JWT_SIGNING_KEY_FILE"] = "/etc/hostname" }));
        var missing = Assert.Throws<InvalidConfigurationException>(() => Read(new() { ["JWT_SIGNING_KEY_FILE"] = "/no/such/key" }));

        Assert.Multiple(() =>
        {
            Assert.That(both!.Message, Does.Contain("JWT_SIGNING_KEY and JWT_SIGNING_KEY_FILE are both set"));
            Assert.That(missing!.Message, Does.StartWith("JWT_SIGNING_KEY_FILE names a file that cannot be read (/no/such/key)"));
        });
    }

    [Test]
    public void The_rate_limit_and_cors_origins_are_read_and_origins_normalized()
    {
        var security = Read(new()
        {
            ["RATE_LIMIT_ENABLED"] = "false",
            ["RATE_LIMIT_PERMITS"] = "5",
            ["RATE_LIMIT_WINDOW_SECONDS"] = "0.5",
            ["CORS_ORIGINS"] = "https://Shop.Example.com, http://localhost:3000;https://shop.example.com:443",
        });

        Assert.Multiple(() =>
        {
            Assert.That(security.RateLimit, Is.EqualTo(new RateLimitSettings(false, 5, TimeSpan.FromSeconds(0.5))));
            Assert.That(security.CorsOrigins, Is.EqualTo(new[] { "https://shop.example.com", "http://localhost:3000" }));
        });
    }

    [TestCase("AUTH_REQUIRED", "yes")]
    [TestCase("RATE_LIMIT_ENABLED", "on")]
    [TestCase("RATE_LIMIT_PERMITS", "0")]
    [TestCase("RATE_LIMIT_PERMITS", "lots")]
    [TestCase("RATE_LIMIT_WINDOW_SECONDS", "-1")]
    [TestCase("CORS_ORIGINS", "*")]
    [TestCase("CORS_ORIGINS", "https://*.example.com")]
    [TestCase("CORS_ORIGINS", "shop.example.com")]
    [TestCase("CORS_ORIGINS", "https://shop.example.com/app")]
    [TestCase("CORS_ORIGINS", "ftp://shop.example.com")]
    public void Invalid_values_fail_with_a_message_naming_the_setting(string key, string value)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new() { [key] = value }));

        Assert.That(error!.Message, Does.StartWith(key));
    }

    [Test]
    public void The_web_host_reports_security_and_other_problems_at_once()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new() { ["HTTP_PORTS"] = "x", ["AUTH_REQUIRED"] = "true" }));

        Assert.That(error!.Problems, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_commands_settings_ignore_security_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AUTH_REQUIRED"] = "true" }).Build();

        Assert.That(() => CatalogSettingsReader.Read(configuration, "Production", ContentRoot), Throws.Nothing);
    }

    private static SecuritySettings Read(Dictionary<string, string?> values) =>
        CatalogSettingsReader.ReadForWebHost(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), "Production", ContentRoot).Security;
}
