using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>The service in memory (TestServer) on a test database, in Production unless told otherwise.</summary>
public sealed class CatalogApiFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Production")
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
