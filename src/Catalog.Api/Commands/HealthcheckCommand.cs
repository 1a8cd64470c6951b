using System.Globalization;

namespace Catalog.Api.Commands;

/// <summary>
/// <c>healthcheck [url]</c>: GET the readiness endpoint, exit 0 on 200 and 1 otherwise, so the image's HEALTHCHECK
/// needs neither curl nor a shell. Runs before any host or logging is built: Docker calls it every few seconds.
/// Never exits 2, which Docker reserves.
/// </summary>
internal static class HealthcheckCommand
{
    public const string Name = "healthcheck";
    public const string DefaultPath = "/health/ready";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        Uri url;
        try
        {
            url = ResolveUrl(args, Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")
                ?? Environment.GetEnvironmentVariable("DOTNET_HTTP_PORTS"));
        }
        catch (FormatException ex)
        {
            await output.WriteLineAsync($"unhealthy: {ex.Message}");
            return 1;
        }

        // No proxy: a container's HTTP_PROXY must not capture a loopback probe.
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = Timeout };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            var healthy = status == 200;
            await output.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture, $"{(healthy ? "healthy" : "unhealthy")}: {status} from {url}"));
            return healthy ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"unhealthy: {url}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The URL to probe: the argument if given, else <c>http://127.0.0.1:{first of ASPNETCORE_HTTP_PORTS or 8080}/health/ready</c>.
    /// </summary>
    public static Uri ResolveUrl(IReadOnlyList<string> args, string? httpPorts)
    {
        if (args.Count > 1)
        {
            throw new FormatException("usage: healthcheck [url]");
        }

        if (args.Count == 1)
        {
            return Uri.TryCreate(args[0], UriKind.Absolute, out var given) && given.Scheme is "http" or "https"
                ? given
                : throw new FormatException($"'{args[0]}' is not an absolute http(s) URL; usage: healthcheck [url]");
        }

        var port = 8080;
        var first = httpPorts?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is not null
            && (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"ASPNETCORE_HTTP_PORTS starts with '{first}', which is not a port.");
        }

        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{DefaultPath}"));
    }
}
