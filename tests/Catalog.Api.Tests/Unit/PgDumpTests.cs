using Catalog.Api.Commands;

namespace Catalog.Api.Tests.Unit;

public sealed class PgDumpTests
{
    [Test]
    public void The_password_goes_in_the_environment_never_in_the_arguments()
    {
        var invocation = PgDump.Invocation(
            "/usr/bin/pg_dump", "Host=db;Port=5433;Database=catalog;Username=app;Password=hunter2;SSL Mode=Require", "/backups/x.dump");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.FileName, Is.EqualTo("/usr/bin/pg_dump"));
            Assert.That(invocation.Arguments, Is.EqualTo(new[]
            {
                "--format=custom", "--file=/backups/x.dump", "--no-password", "--host=db", "--port=5433", "--username=app",
                "--dbname=catalog",
            }));
            Assert.That(invocation.Environment["PGPASSWORD"], Is.EqualTo("hunter2"));
            Assert.That(invocation.Environment["PGSSLMODE"], Is.EqualTo("require"));
            Assert.That(string.Join(' ', invocation.Arguments), Does.Not.Contain("hunter2"));
        });
    }

    [Test]
    public void Without_a_password_none_is_passed()
    {
        var invocation = PgDump.Invocation("pg_dump", "Host=db;Database=catalog", "/b.dump");

        Assert.That(invocation.Environment.ContainsKey("PGPASSWORD"), Is.False);
    }

    [Test]
    public void Find_searches_each_path_entry_in_order()
    {
        var empty = Directory.CreateTempSubdirectory("pgdump-none-").FullName;
        var first = Directory.CreateTempSubdirectory("pgdump-first-").FullName;
        var second = Directory.CreateTempSubdirectory("pgdump-second-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(first, "pg_dump"), string.Empty);
            File.WriteAllText(Path.Combine(second, "pg_dump"), string.Empty);

            Assert.Multiple(() =>
            {
                Assert.That(PgDump.Find(string.Join(Path.PathSeparator, empty, first, second)), Is.EqualTo(Path.Combine(first, "pg_dump")));
                Assert.That(PgDump.Find(empty), Is.Null);
                Assert.That(PgDump.Find(null), Is.Null);
            });
        }
        finally
        {
            Directory.Delete(empty, true);
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }
}
