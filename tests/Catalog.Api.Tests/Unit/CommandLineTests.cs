using Catalog.Api.Commands;

namespace Catalog.Api.Tests.Unit;

public sealed class CommandLineTests
{
    [Test]
    public void Healthcheck_probes_readiness_on_the_first_configured_port()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HealthcheckCommand.ResolveUrl([], null), Is.EqualTo(new Uri("http://127.0.0.1:8080/health/ready")));
            Assert.That(HealthcheckCommand.ResolveUrl([], "9000;9001"), Is.EqualTo(new Uri("http://127.0.0.1:9000/health/ready")));
            Assert.That(HealthcheckCommand.ResolveUrl(["http://10.0.0.1:81/health/live"], "9000"),
                Is.EqualTo(new Uri("http://10.0.0.1:81/health/live")));
        });
    }

    [TestCase("ftp://host/x")]
    [TestCase("relative/path")]
    public void Healthcheck_rejects_urls_it_cannot_probe(string url)
    {
        Assert.Throws<FormatException>(() => HealthcheckCommand.ResolveUrl([url], null));
    }

    [Test]
    public void Healthcheck_rejects_extra_arguments_and_a_bad_port()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<FormatException>(() => HealthcheckCommand.ResolveUrl(["http://a/", "http://b/"], null));
            Assert.Throws<FormatException>(() => HealthcheckCommand.ResolveUrl([], "http"));
        });
    }

    [Test]
    public void Restore_takes_its_source_in_either_form_and_nothing_else()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RestoreCommand.ParseSource(["--from", "/b/x.dump"]), Is.EqualTo("/b/x.dump"));
            Assert.That(RestoreCommand.ParseSource(["--from=/b/x.dump"]), Is.EqualTo("/b/x.dump"));
            Assert.Throws<FormatException>(() => RestoreCommand.ParseSource([]));
            Assert.Throws<FormatException>(() => RestoreCommand.ParseSource(["--from"]));
            Assert.Throws<FormatException>(() => RestoreCommand.ParseSource(["--to", "/b/x.dump"]));
        });
    }

    [Test]
    public void Backup_takes_its_target_in_either_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BackupCommand.ParseTarget(["--to", "/b/x.db"]), Is.EqualTo("/b/x.db"));
            Assert.That(BackupCommand.ParseTarget(["--to=/b/y.db"]), Is.EqualTo("/b/y.db"));
        });
    }

    [TestCase]
    [TestCase("--to")]
    [TestCase("--to=")]
    [TestCase("/b/x.db")]
    [TestCase("--to", "/a", "extra")]
    public void Backup_without_a_target_shows_usage(params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => BackupCommand.ParseTarget(args));

        Assert.That(error!.Message, Is.EqualTo(BackupCommand.Usage));
    }

    [Test]
    public void Migrate_takes_an_optional_backup_file_in_either_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MigrateCommand.ParseBackupTarget([]), Is.Null);
            Assert.That(MigrateCommand.ParseBackupTarget(["--backup-to", "/b/x.backup"]), Is.EqualTo("/b/x.backup"));
            Assert.That(MigrateCommand.ParseBackupTarget(["--backup-to=/b/y.backup"]), Is.EqualTo("/b/y.backup"));
        });
    }

    [TestCase("--force")]
    [TestCase("--backup-to")]
    [TestCase("--backup-to=")]
    [TestCase("--backup-to", " ")]
    [TestCase("--to", "/b/x.backup")]
    [TestCase("--backup-to", "/a", "extra")]
    public void Migrate_with_other_arguments_shows_usage(params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => MigrateCommand.ParseBackupTarget(args));

        Assert.That(error!.Message, Is.EqualTo(MigrateCommand.Usage));
    }

    [Test]
    public void Only_the_operational_commands_bypass_the_web_host()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CatalogCommands.Handles(["migrate"]), Is.True);
            Assert.That(CatalogCommands.Handles(["migrate", "--backup-to", "x"]), Is.True);
            Assert.That(CatalogCommands.Handles(["backup", "--to", "x"]), Is.True);
            Assert.That(CatalogCommands.Handles([]), Is.False);
            Assert.That(CatalogCommands.Handles(["--environment=Development"]), Is.False);
        });
    }
}
