using System.Globalization;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>The environment a service process gets: Production on a loopback port, against a test database.</summary>
internal static class ServiceEnvironment
{
    /// <param name="port">The port to serve on; null for commands, which do not listen.</param>
    public static Dictionary<string, string?> For(TestDatabase database, int? port, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?>(database.EnvironmentVariables)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        if (port is { } listening)
        {
            environment["ASPNETCORE_HTTP_PORTS"] = listening.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }
}
