using Slipway.Delivery.Image;

namespace Slipway.Delivery.Tests.Image;

public class SchemaFingerprintTests
{
    private string root = null!;

    [SetUp]
    public void CreateRepository()
    {
        root = Directory.CreateTempSubdirectory("slipway-schema-").FullName;
        Write("db/Sqlite/001_Initial.cs", "class Initial {}\n");
        Write("db/Postgres/001_Initial.cs", "class Initial {}\n");
    }

    [TearDown]
    public void DeleteRepository() => Directory.Delete(root, recursive: true);

    [Test]
    public void The_same_migrations_give_the_same_fingerprint_whatever_the_order_given_or_the_line_endings()
    {
        var first = SchemaFingerprint.Compute(root, ["db/Sqlite", "db/Postgres"]);
        Write("db/Sqlite/001_Initial.cs", "class Initial {}\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(SchemaFingerprint.Compute(root, ["db/Postgres", Path.Combine(root, "db/Sqlite")]), Is.EqualTo(first));
        });
    }

    [Test]
    public void A_new_or_changed_or_renamed_migration_changes_the_fingerprint()
    {
        var before = SchemaFingerprint.Compute(root, ["db"]);
        Write("db/Sqlite/002_AddPrice.cs", "class AddPrice {}\n");
        var added = SchemaFingerprint.Compute(root, ["db"]);
        Write("db/Sqlite/002_AddPrice.cs", "class AddPrice { int x; }\n");
        var changed = SchemaFingerprint.Compute(root, ["db"]);
        File.Move(Path.Combine(root, "db/Sqlite/002_AddPrice.cs"), Path.Combine(root, "db/Sqlite/003_AddPrice.cs"));
        var renamed = SchemaFingerprint.Compute(root, ["db"]);

        Assert.That(new[] { before, added, changed, renamed }.Distinct().Count(), Is.EqualTo(4));
    }

    [Test]
    public void No_declared_or_existing_migrations_give_no_fingerprint()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SchemaFingerprint.Compute(root, []), Is.Null);
            Assert.That(SchemaFingerprint.Compute(root, ["src/Nope/Migrations"]), Is.Null);
        });
    }

    [Test]
    public void The_build_stamps_the_fingerprint_as_a_label_only_when_there_are_migrations()
    {
        File.WriteAllText(Path.Combine(root, "Dockerfile"), "FROM scratch\n");
        var request = new ImageBuildRequest { RepositoryRoot = root, Repository = "catalog-api", Version = "1.4.0", Commit = new string('a', 40) };
        var client = new Slipway.Delivery.Docker.DockerClient("/usr/bin/docker", new Version(20, 10, 24), Slipway.Delivery.Docker.DockerBuilderKind.ClassicBuildKit);

        var with = ImageBuilder.Plan(request with { MigrationSources = ["db/Sqlite", "db/Postgres"] }, client).Settings.Labels;
        var without = ImageBuilder.Plan(request, client).Settings.Labels;

        Assert.Multiple(() =>
        {
            Assert.That(with[ImageLabels.Schema], Is.EqualTo(SchemaFingerprint.Compute(root, ["db/Sqlite", "db/Postgres"])));
            Assert.That(with[ImageLabels.Version], Is.EqualTo("1.4.0"));
            Assert.That(without.ContainsKey(ImageLabels.Schema), Is.False);
        });
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
