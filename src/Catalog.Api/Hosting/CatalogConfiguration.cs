namespace Catalog.Api.Hosting;

/// <summary>
/// The configuration the commands read, from the same sources and in the same order as the web host
/// (DOTNET_/ASPNETCORE_ variables, appsettings.json, appsettings.{Environment}.json, environment variables), without
/// building a host, so <c>migrate</c> and <c>backup</c> see exactly what the server would.
/// </summary>
internal static class CatalogConfiguration
{
    public static (IConfiguration Configuration, string EnvironmentName, string ContentRoot) Load()
    {
        var contentRoot = Directory.GetCurrentDirectory();
        var hostConfiguration = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .Build();
        var environmentName = hostConfiguration[HostDefaults.EnvironmentKey] is { Length: > 0 } name ? name : Environments.Production;

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(hostConfiguration)
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
        return (configuration, environmentName, contentRoot);
    }
}
