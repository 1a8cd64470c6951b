using Catalog.Api.Commands;

namespace Catalog.Api.Tests.Unit;

public sealed class PgRestoreTests
{
    [Test]
    public void Verification_reads_the_file_only_and_needs_no_server()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PgRestore.List("/opt/pg_restore", "/b/x.dump").Arguments, Is.EqualTo(new[] { "--list", "/b/x.dump" }));
            Assert.That(PgRestore.ReadAll("/opt/pg_restore", "/b/x.dump").Arguments, Is.EqualTo(new[] { "--file=/dev/null", "/b/x.dump" }));
            Assert.That(PgRestore.ReadAll("/opt/pg_restore", "/b/x.dump").Environment, Is.Empty);
        });
    }

    [Test]
    public void A_restore_cleans_and_recreates_in_one_transaction_with_the_password_in_the_environment()
    {
        var invocation = PgRestore.Restore("pg_restore", "Host=db;Port=5433;Database=catalog;Username=app;Password=hunter2", "/b/x.dump");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Arguments, Is.EqualTo(new[]
            {
                "--clean", "--if-exists", "--single-transaction", "--no-password", "--host=db", "--port=5433", "--username=app",
                "--dbname=catalog", "/b/x.dump",
            }));
            Assert.That(invocation.Environment["PGPASSWORD"], Is.EqualTo("hunter2"));
            Assert.That(string.Join(' ', invocation.Arguments), Does.Not.Contain("hunter2"));
        });
    }
}
