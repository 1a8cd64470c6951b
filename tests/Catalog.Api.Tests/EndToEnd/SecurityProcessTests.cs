using System.Net;
using System.Net.Http.Json;
using Catalog.Api.Tests.Infrastructure;
using Slipway.Testing;

namespace Catalog.Api.Tests.EndToEnd;

/// <summary>
/// The real binary's security configuration: a missing or weak signing key stops it before it serves (exit 2, naming the
/// setting), the commands never need the key, and neither the key nor a token reaches the logs.
/// </summary>
public sealed class SecurityProcessTests() : DatabasePerTest(TestProvider.Sqlite)
{
    [Test]
    public async Task Auth_required_without_a_signing_key_stops_the_server_with_exit_2_naming_the_setting()
    {
        await Database.MigrateAsync();
        await using var server = await ServiceProcess.RunAsync([], ServiceEnvironment.For(Database, FreePort.Next(), ("AUTH_REQUIRED", "true")));

        Assert.Multiple(() =>
        {
            Assert.That(server.ExitCode, Is.EqualTo(2), server.AllOutput);
            Assert.That(server.StandardError, Has.Some.Contains("invalid configuration"));
            Assert.That(server.AllOutput, Does.Contain("AUTH_REQUIRED is true, but JWT_SIGNING_KEY is not set"));
        });
    }

    [Test]
    public async Task A_weak_signing_key_stops_the_server_with_exit_2_without_printing_the_key()
    {
        const string WeakKey = "letmein-weak-key";
        await Database.MigrateAsync();
        await using var server = await ServiceProcess.RunAsync([], ServiceEnvironment.For(Database, FreePort.Next(),
            ("JWT_SIGNING_KEY", WeakKey), ("JWT_ISSUER", TestTokens.Issuer), ("JWT_AUDIENCE", TestTokens.Audience)));

        Assert.Multiple(() =>
        {
            Assert.That(server.ExitCode, Is.EqualTo(2), server.AllOutput);
            Assert.That(server.AllOutput, Does.Contain("JWT_SIGNING_KEY is too weak for HS256"));
            Assert.That(server.AllOutput, Does.Not.Contain(WeakKey));
        });
    }

    [Test]
    public async Task Migrate_and_backup_run_without_the_signing_key_even_when_auth_is_required()
    {
        var target = Path.Combine(Database.WorkDirectory, "backups", "catalog.db");
        var environment = ServiceEnvironment.For(Database, null, ("AUTH_REQUIRED", "true"));

        await using var migrate = await ServiceProcess.RunAsync(["migrate"], environment);
        await using var backup = await ServiceProcess.RunAsync(["backup", "--to", target], environment);

        Assert.Multiple(() =>
        {
            Assert.That(migrate.ExitCode, Is.Zero, migrate.AllOutput);
            Assert.That(backup.ExitCode, Is.Zero, backup.AllOutput);
            Assert.That(File.Exists(target), Is.True);
        });
    }

    [Test]
    public async Task The_served_binary_takes_a_token_writes_and_logs_neither_the_token_nor_the_key()
    {
        await using var catalog = await ServedCatalog.StartAsync(TestProvider.Sqlite);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{catalog.Port}") };
        var token = TestTokens.Mint(subject: "e2e-writer");
        using var anonymous = await client.PostAsJsonAsync("/api/v1/items", new { sku = "E2E-0", name = "Anonymous", price = 1m, stock = 1 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items")
        {
            Content = JsonContent.Create(new { sku = "E2E-1", name = "Authorized", price = 1m, stock = 1 }),
        };
        request.Headers.Authorization = TestTokens.Bearer(token);
        using var authorized = await client.SendAsync(request);
        using var status = await client.GetAsync(new Uri("/status", UriKind.Relative));
        catalog.Service.Terminate();
        await catalog.Service.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(authorized.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the deploy's version probe reads /status without a token");
            Assert.That(catalog.Service.AllOutput, Does.Contain($"Writes need a bearer token from {TestTokens.Issuer} for {TestTokens.Audience}"));
            Assert.That(catalog.Service.AllOutput, Does.Not.Contain(token).And.Not.Contain(TestTokens.SigningKey));
        });
    }
}
