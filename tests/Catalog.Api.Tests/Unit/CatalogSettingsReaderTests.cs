using Catalog.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace Catalog.Api.Tests.Unit;

public sealed class CatalogSettingsReaderTests
{
    private const string ContentRoot = "/srv/catalog";

    [Test]
    public void No_configuration_means_sqlite_under_the_content_root_on_port_8080()
    {
        var settings = Read([]);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Database.Provider, Is.EqualTo(DatabaseProvider.Sqlite));
            Assert.That(settings.Database.SafeDescription, Is.EqualTo("/srv/catalog/data/catalog.db"));
            Assert.That(settings.Database.MigrateOnStartup, Is.False, "Production never migrates at startup");
            Assert.That(settings.HttpPorts, Is.EqualTo(new[] { 8080 }));
            Assert.That(settings.DrainTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(settings.LogFormat, Is.EqualTo(LogFormat.Text));
        });
    }

    [Test]
    public void In_a_container_data_lives_in_app_data_and_logs_are_json()
    {
        var settings = Read(new() { ["DOTNET_RUNNING_IN_CONTAINER"] = "true" });

        Assert.Multiple(() =>
        {
            Assert.That(settings.Database.SafeDescription, Is.EqualTo("/app/data/catalog.db"));
            Assert.That(settings.LogFormat, Is.EqualTo(LogFormat.Json));
        });
    }

    [Test]
    public void A_relative_data_directory_is_resolved_against_the_content_root()
    {
        var settings = Read(new() { ["Database:DataDirectory"] = "state" });

        Assert.That(settings.Database.SafeDescription, Is.EqualTo("/srv/catalog/state/catalog.db"));
    }

    [Test]
    public void Development_migrates_at_startup_by_default()
    {
        Assert.That(Read([], "Development").Database.MigrateOnStartup, Is.True);
    }

    [Test]
    public void A_connection_string_selects_postgres_and_is_never_described_with_its_password()
    {
        var settings = Read(new() { ["ConnectionStrings:Catalog"] = "Host=db;Port=5433;Database=catalog;Username=app;Password=hunter2" });

        Assert.Multiple(() =>
        {
            Assert.That(settings.Database.Provider, Is.EqualTo(DatabaseProvider.Postgres));
            Assert.That(settings.Database.SafeDescription, Is.EqualTo("host=db port=5433 database=catalog username=app"));
            Assert.That(settings.Database.ToString(), Does.Not.Contain("hunter2"));
            Assert.That(settings.ToString(), Does.Not.Contain("hunter2"));
        });
    }

    [Test]
    public void Database_url_is_accepted_and_the_connection_string_wins_over_it()
    {
        var fromUrl = Read(new() { ["DATABASE_URL"] = "postgres://app:pw@db-url/catalog" });
        var both = Read(new()
        {
            ["DATABASE_URL"] = "postgres://app:pw@db-url/catalog",
            ["ConnectionStrings:Catalog"] = "Host=db-cs;Database=catalog",
        });

        Assert.Multiple(() =>
        {
            Assert.That(fromUrl.Database.SafeDescription, Does.StartWith("host=db-url "));
            Assert.That(both.Database.SafeDescription, Does.StartWith("host=db-cs "));
        });
    }

    [Test]
    public void Sqlite_can_be_chosen_with_its_own_connection_string()
    {
        var settings = Read(new() { ["Database:Provider"] = "sqlite", ["ConnectionStrings:Catalog"] = "Data Source=/tmp/x.db" });

        Assert.Multiple(() =>
        {
            Assert.That(settings.Database.Provider, Is.EqualTo(DatabaseProvider.Sqlite));
            Assert.That(settings.Database.SafeDescription, Is.EqualTo("/tmp/x.db"));
        });
    }

    [Test]
    public void Ports_drain_and_log_format_are_read()
    {
        var settings = Read(new() { ["HTTP_PORTS"] = "8081;9090", ["Shutdown:DrainTimeoutSeconds"] = "2.5", ["Logging:Format"] = "JSON" });

        Assert.Multiple(() =>
        {
            Assert.That(settings.HttpPorts, Is.EqualTo(new[] { 8081, 9090 }));
            Assert.That(settings.DrainTimeout, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
            Assert.That(settings.LogFormat, Is.EqualTo(LogFormat.Json));
        });
    }

    [TestCase("HTTP_PORTS", "eighty", "ASPNETCORE_HTTP_PORTS")]
    [TestCase("HTTP_PORTS", "70000", "ASPNETCORE_HTTP_PORTS")]
    [TestCase("Shutdown:DrainTimeoutSeconds", "0", "Shutdown__DrainTimeoutSeconds")]
    [TestCase("Shutdown:DrainTimeoutSeconds", "soon", "Shutdown__DrainTimeoutSeconds")]
    [TestCase("Logging:Format", "xml", "Logging__Format")]
    [TestCase("Database:Provider", "oracle", "Database__Provider")]
    [TestCase("Database:MigrateOnStartup", "yes", "Database__MigrateOnStartup")]
    [TestCase("ConnectionStrings:Catalog", "Host=db;Frobnicate=1", "ConnectionStrings__Catalog")]
    [TestCase("ConnectionStrings:Catalog", "Database=catalog", "Host")]
    [TestCase("DATABASE_URL", "mysql://x/y", "DATABASE_URL")]
    public void Invalid_values_fail_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new() { [key] = value }));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void Migrating_at_startup_is_refused_in_production()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new() { ["Database:MigrateOnStartup"] = "true" }));

        Assert.That(error!.Message, Does.Contain("migrate"));
        Assert.That(Read(new() { ["Database:MigrateOnStartup"] = "true" }, "Staging").Database.MigrateOnStartup, Is.True);
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new()
        {
            ["HTTP_PORTS"] = "x",
            ["Logging:Format"] = "xml",
            ["Database:Provider"] = "oracle",
        }));

        Assert.That(error!.Problems, Has.Count.EqualTo(3));
    }

    [Test]
    public void A_bad_password_bearing_connection_string_is_not_echoed()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(new()
        {
            ["ConnectionStrings:Catalog"] = "Host=db;Password=hunter2;Bogus=1",
        }));

        Assert.That(error!.Message, Does.Not.Contain("hunter2"));
    }

    private static CatalogSettings Read(Dictionary<string, string?> values, string environment = "Production") =>
        CatalogSettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), environment, ContentRoot);
}
