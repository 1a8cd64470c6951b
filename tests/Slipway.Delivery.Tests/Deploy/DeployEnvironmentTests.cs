using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Deploy;

public class DeployEnvironmentTests
{
    [Test]
    public void Defaults_give_a_laptop_staging_and_production_on_loopback_with_the_issue_s_thresholds()
    {
        var staging = TestEnvironments.Staging;
        var production = TestEnvironments.Production;

        Assert.Multiple(() =>
        {
            Assert.That(staging.PublicEndpoint, Is.EqualTo(IPEndPoint.Parse("127.0.0.1:8081")));
            Assert.That(production.PublicEndpoint, Is.EqualTo(IPEndPoint.Parse("127.0.0.1:8082")));
            Assert.That(staging.DockerHost, Is.Null, "the local engine (DOCKER_HOST or the current context)");
            Assert.That(staging.Url, Is.EqualTo(new Uri("http://127.0.0.1:8081/")));
            Assert.That(staging.MaxErrorRate, Is.EqualTo(0.05));
            Assert.That(staging.MaxP95Latency, Is.EqualTo(TimeSpan.FromMilliseconds(2000)));
            Assert.That(staging.BakeWindow, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(staging.RetainedVersions, Is.EqualTo(5));
            Assert.That(staging.ReadinessPasses, Is.EqualTo(3));
            Assert.That(staging.RequiresApproval, Is.False);
            Assert.That(production.RequiresApproval, Is.True);
            Assert.That(production.RequiresReleaseVersion, Is.True);
            Assert.That(staging.AppPorts.Overlaps(production.AppPorts), Is.False);
            Assert.That(staging.Problems(), Is.Empty);
            Assert.That(production.Problems(), Is.Empty);
        });
    }

    [Test]
    public void Validate_names_every_problem_with_exit_code_2()
    {
        var bad = TestEnvironments.Staging with
        {
            Name = "Staging!",
            DockerHost = "app1.example.com",
            HealthPath = "health",
            MaxErrorRate = 5,
            RetainedVersions = 0,
            AppPorts = new PortRange(28100, 2),
            AppEnvironment = new Dictionary<string, string> { ["bad name"] = "x" },
            BackupCommand = ["backup"],
        };

        var exception = Assert.Throws<BuildFailedException>(bad.Validate)!;

        Assert.Multiple(() =>
        {
            Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(exception.Message, Does.Contain("Name 'Staging!'"));
            Assert.That(exception.Message, Does.Contain("ssh://user@host"));
            Assert.That(exception.Message, Does.Contain("HealthPath 'health'"));
            Assert.That(exception.Message, Does.Contain("MaxErrorRate (5)"));
            Assert.That(exception.Message, Does.Contain("RetainedVersions (0)"));
            Assert.That(exception.Message, Does.Contain("'bad name'"));
            Assert.That(exception.Message, Does.Contain("{file}"));
        });
    }

    [Test]
    public void Catalog_Api_s_one_migration_container_backs_up_and_migrates_and_the_library_assumes_none()
    {
        var staging = TestEnvironments.Staging;
        var appNeutral = new DeployEnvironment { Name = "staging", PublicEndpoint = staging.PublicEndpoint, AppPorts = staging.AppPorts };

        Assert.Multiple(() =>
        {
            Assert.That(appNeutral.MigrateCommand, Is.Null, "the library knows no app's migration command");
            Assert.That(appNeutral.BackupFailedExitCode, Is.Null);
            Assert.That(staging.MigrateCommand, Is.EqualTo(new[] { "migrate", "--backup-to", "{file}" }));
            Assert.That(staging.BackupCommand, Is.Null, "no separate backup container");
            Assert.That(staging.MigrateBacksUp, Is.True);
            Assert.That(staging.MigrateCommandFor("/app/data/backups/d-1.backup"), Is.EqualTo(new[] { "migrate", "--backup-to", "/app/data/backups/d-1.backup" }));
            Assert.That(staging.BackupCommandFor("/app/data/backups/d-1.backup"), Is.Null);
        });
    }

    [Test]
    public void An_app_with_a_separate_backup_command_keeps_two_steps()
    {
        var twoSteps = TestEnvironments.Staging with { MigrateCommand = ["migrate"], BackupCommand = ["backup", "--to={file}"] };
        var noMigrations = TestEnvironments.Staging with { MigrateCommand = null };

        Assert.Multiple(() =>
        {
            Assert.That(twoSteps.MigrateBacksUp, Is.False);
            Assert.That(twoSteps.MigrateCommandFor("/b/d-2.backup"), Is.EqualTo(new[] { "migrate" }));
            Assert.That(twoSteps.BackupCommandFor("/b/d-2.backup"), Is.EqualTo(new[] { "backup", "--to=/b/d-2.backup" }));
            Assert.That(twoSteps.Problems(), Is.Empty);
            Assert.That(noMigrations.MigrateBacksUp, Is.False);
            Assert.That(noMigrations.MigrateCommandFor("/b/d-2.backup"), Is.Null);
            Assert.That(noMigrations.Problems(), Is.Empty);
        });
    }

    [Test]
    public void A_backup_file_in_both_commands_is_bad_input()
    {
        var both = TestEnvironments.Staging with { BackupCommand = ["backup", "--to", "{file}"] };

        var exception = Assert.Throws<BuildFailedException>(both.Validate)!;

        Assert.Multiple(() =>
        {
            Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(exception.Message, Does.Contain("MigrateCommand and BackupCommand both contain {file}").And.Contains("Use one"));
        });
    }

    [Test]
    public void The_app_port_range_must_hold_the_retained_versions_plus_two()
    {
        var environment = TestEnvironments.Staging with { AppPorts = new PortRange(28100, 6), RetainedVersions = 5 };

        Assert.That(environment.Problems(), Has.Some.Contains("at least (RetainedVersions + 2) × Replicas = 7 ports"));
    }

    [Test]
    public void Environment_variables_override_one_environment_and_leave_others_alone()
    {
        var variables = new Dictionary<string, string>
        {
            ["SLIPWAY_PRODUCTION_DOCKER_HOST"] = "ssh://deploy@app1.example.com",
            ["SLIPWAY_PRODUCTION_PUBLIC_ENDPOINT"] = "0.0.0.0:80",
            ["SLIPWAY_PRODUCTION_PUBLIC_URL"] = "https://catalog.example.com/",
            ["SLIPWAY_PRODUCTION_BAKE_SECONDS"] = "120",
            ["SLIPWAY_PRODUCTION_MAX_ERROR_RATE"] = "1%",
            ["SLIPWAY_PRODUCTION_MAX_P95_MS"] = "800",
            ["SLIPWAY_PRODUCTION_RETAINED_VERSIONS"] = "3",
            ["SLIPWAY_PRODUCTION_APP_PORTS"] = "9100-9119",
            ["SLIPWAY_PRODUCTION_KEEP_PREVIOUS_RUNNING"] = "true",
            ["SLIPWAY_PRODUCTION_APP_ENV_ConnectionStrings__Catalog"] = "Host=db;Password=secret",
            ["SLIPWAY_STAGING_BAKE_SECONDS"] = "5",
        };

        var production = DeployEnvironmentOverrides.Apply(TestEnvironments.Production, variables);

        Assert.Multiple(() =>
        {
            Assert.That(production.DockerHost, Is.EqualTo("ssh://deploy@app1.example.com"));
            Assert.That(production.PublicEndpoint, Is.EqualTo(IPEndPoint.Parse("0.0.0.0:80")));
            Assert.That(production.Url, Is.EqualTo(new Uri("https://catalog.example.com/")));
            Assert.That(production.BakeWindow, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(production.MaxErrorRate, Is.EqualTo(0.01).Within(1e-9));
            Assert.That(production.MaxP95Latency, Is.EqualTo(TimeSpan.FromMilliseconds(800)));
            Assert.That(production.RetainedVersions, Is.EqualTo(3));
            Assert.That(production.AppPorts, Is.EqualTo(new PortRange(9100, 20)));
            Assert.That(production.KeepPreviousRunning, Is.True);
            Assert.That(production.AppEnvironment["ConnectionStrings__Catalog"], Is.EqualTo("Host=db;Password=secret"));
            Assert.That(production.Problems(), Is.Empty);
        });
    }

    [Test]
    public void A_misspelt_or_unconvertible_override_is_bad_input_naming_the_variable()
    {
        var unknown = Assert.Throws<BuildFailedException>(() =>
            DeployEnvironmentOverrides.Apply(TestEnvironments.Staging, new Dictionary<string, string> { ["SLIPWAY_STAGING_BAKE_SECOND"] = "5" }))!;
        var unconvertible = Assert.Throws<BuildFailedException>(() =>
            DeployEnvironmentOverrides.Apply(TestEnvironments.Staging, new Dictionary<string, string> { ["SLIPWAY_STAGING_APP_PORTS"] = "9100" }))!;

        Assert.Multiple(() =>
        {
            Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(unknown.Message, Does.Contain("SLIPWAY_STAGING_BAKE_SECOND is not a setting").And.Contains("SLIPWAY_STAGING_BAKE_SECONDS"));
            Assert.That(unconvertible.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(unconvertible.Message, Does.Contain("SLIPWAY_STAGING_APP_PORTS='9100'"));
        });
    }

    [Test]
    public void The_removed_tcp_admin_port_is_refused_with_the_reason()
    {
        var removed = Assert.Throws<BuildFailedException>(() =>
            DeployEnvironmentOverrides.Apply(TestEnvironments.Staging, new Dictionary<string, string> { ["SLIPWAY_STAGING_EDGE_ADMIN_PORT"] = "9999" }))!;

        Assert.Multiple(() =>
        {
            Assert.That(removed.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(removed.Message, Does.Contain("EDGE_ADMIN_PORT was removed").And.Contains("another environment's app"));
        });
    }

    [Test]
    public void Environment_names_with_dashes_map_to_upper_snake_prefixes()
    {
        Assert.That(DeployEnvironmentOverrides.Prefix("qa-eu"), Is.EqualTo("SLIPWAY_QA_EU_"));
    }

    [TestCase("28100-28199", 28100, 100)]
    [TestCase("9100 - 9100", 9100, 1)]
    public void Port_ranges_parse(string text, int first, int count)
    {
        Assert.That(PortRange.Parse(text), Is.EqualTo(new PortRange(first, count)));
    }

    [TestCase("9100")]
    [TestCase("9200-9100")]
    [TestCase("0-10")]
    [TestCase("65000-70000")]
    public void Bad_port_ranges_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => PortRange.Parse(text));
    }

    [TestCase("5%", 0.05)]
    [TestCase("0.05", 0.05)]
    [TestCase("12.5%", 0.125)]
    public void Rates_parse_as_fractions_or_percentages(string text, double expected)
    {
        Assert.That(DeployEnvironmentOverrides.ParseRate(text), Is.EqualTo(expected).Within(1e-9));
    }
}
