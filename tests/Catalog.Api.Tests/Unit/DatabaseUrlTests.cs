using Catalog.Api.Configuration;
using Npgsql;

namespace Catalog.Api.Tests.Unit;

public sealed class DatabaseUrlTests
{
    [Test]
    public void A_full_url_becomes_an_npgsql_connection_string()
    {
        var connectionString = DatabaseUrl.ToNpgsqlConnectionString(
            "postgres://catalog:s3cr%40t@db.internal:6543/catalog?sslmode=require&application_name=catalog-api");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        Assert.Multiple(() =>
        {
            Assert.That(builder.Host, Is.EqualTo("db.internal"));
            Assert.That(builder.Port, Is.EqualTo(6543));
            Assert.That(builder.Database, Is.EqualTo("catalog"));
            Assert.That(builder.Username, Is.EqualTo("catalog"));
            Assert.That(builder.Password, Is.EqualTo("s3cr@t"));
            Assert.That(builder.SslMode, Is.EqualTo(SslMode.Require));
            Assert.That(builder.ApplicationName, Is.EqualTo("catalog-api"));
        });
    }

    [Test]
    public void Port_defaults_to_5432_and_postgresql_scheme_is_accepted()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToNpgsqlConnectionString("postgresql://u@localhost/db"));

        Assert.Multiple(() =>
        {
            Assert.That(builder.Port, Is.EqualTo(5432));
            Assert.That(builder.Username, Is.EqualTo("u"));
            Assert.That(builder.Password, Is.Null);
        });
    }

    [Test]
    public void An_ipv6_host_loses_its_brackets()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToNpgsqlConnectionString("postgres://u:p@[::1]:5433/db"));

        Assert.That(builder.Host, Is.EqualTo("::1"));
    }

    [TestCase("mysql://u:p@host/db", "scheme")]
    [TestCase("postgres://u:p@host", "database")]
    [TestCase("postgres://u:p@host/a/b", "database")]
    [TestCase("not a url", "absolute")]
    [TestCase("postgres://u:p@host/db?sslmode=sometimes", "sslmode")]
    [TestCase("postgres://u:p@host/db?pool=5", "unsupported query parameter 'pool'")]
    public void Bad_urls_say_what_is_wrong_without_quoting_the_url(string url, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToNpgsqlConnectionString(url));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(expected));
            Assert.That(error.Message, Does.Not.Contain("u:p"));
        });
    }
}
