using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Image;

/// <summary>
/// The calls of the registry HTTP API v2 the pipeline needs: probe <c>/v2/</c> (to name the status when a push
/// fails), HEAD a manifest (to read the digest a tag points to) and put a manifest under another tag (a promotion: the
/// same bytes, so the same digest, without pulling or pushing a layer). Handles Basic and Bearer-token challenges.
/// </summary>
internal sealed partial class RegistryClient : IDisposable
{
    /// <summary>Index types first, so a multi-platform tag answers with its index digest, not one platform's.</summary>
    private static readonly string[] ManifestMediaTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private readonly HttpClient http;

    public RegistryClient(TimeSpan? timeout = null)
    {
        http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Plain HTTP for loopback registries, which the Docker engine also treats as insecure by default; HTTPS otherwise.
    /// </summary>
    public static Uri BaseUri(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = registry.Split(':')[0];
        var loopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        return new Uri($"{(loopback ? "http" : "https")}://{registry}/");
    }

    public async Task<RegistryProbe> ProbeAsync(string registry, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        var url = new Uri(BaseUri(registry), "v2/");
        try
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), credentials, cancellationToken);
            return new RegistryProbe(url, (int)response.StatusCode, response.ReasonPhrase ?? response.StatusCode.ToString());
        }
        catch (HttpRequestException exception)
        {
            return new RegistryProbe(url, null, exception.InnerException?.Message ?? exception.Message);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegistryProbe(url, null, "timed out: " + exception.Message);
        }
    }

    /// <summary>HEADs <c>/v2/&lt;repository&gt;/manifests/&lt;reference&gt;</c> and reads <c>Docker-Content-Digest</c>.</summary>
    public async Task<ManifestLookup> GetManifestDigestAsync(
        ImageName name, string reference, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{reference}");
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Head, url), credentials, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new ManifestLookup(url, (int)response.StatusCode, null);
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } digest)
        {
            return new ManifestLookup(url, (int)response.StatusCode, digest);
        }

        // The header is optional in the distribution spec: the digest is then the SHA-256 of the manifest bytes.
        using var get = await SendAsync(() => ManifestRequest(HttpMethod.Get, url), credentials, cancellationToken);
        var body = await get.Content.ReadAsByteArrayAsync(cancellationToken);
        return new ManifestLookup(url, (int)get.StatusCode, get.IsSuccessStatusCode ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)) : null);
    }

    /// <summary>
    /// Points <paramref name="tag"/> at the manifest <paramref name="digest"/> already in the repository: GETs its bytes
    /// and media type and PUTs them back under the tag. The registry stores one manifest; both references name it.
    /// </summary>
    public async Task<ManifestLookup> TagManifestAsync(
        ImageName name, string digest, string tag, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var source = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{digest}");
        using var get = await SendAsync(() => ManifestRequest(HttpMethod.Get, source), credentials, cancellationToken);
        if (!get.IsSuccessStatusCode || get.Content.Headers.ContentType is not { } mediaType)
        {
            return new ManifestLookup(source, (int)get.StatusCode, null);
        }

        var manifest = await get.Content.ReadAsByteArrayAsync(cancellationToken);
        var target = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{tag}");
        using var put = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(manifest) { Headers = { ContentType = mediaType } } },
            credentials, cancellationToken);
        var written = put.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        return new ManifestLookup(target, (int)put.StatusCode, put.IsSuccessStatusCode ? written ?? digest : null);
    }

    // --- Multi-platform images (issue 22): read a manifest's bytes, publish an image index. ---

    /// <summary>GETs a manifest (index types first) with its digest and media type; null when the registry has none (404).</summary>
    public async Task<RegistryManifest?> GetManifestAsync(
        ImageName name, string reference, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{reference}");
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, url), credentials, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType is not { } mediaType)
        {
            throw new HttpRequestException($"GET {url} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RegistryManifest("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), mediaType, content);
    }

    /// <summary>PUTs <paramref name="content"/> as the manifest <paramref name="tag"/> names (an index, say); returns its digest.</summary>
    public async Task<ManifestLookup> PutManifestAsync(
        ImageName name, string tag, byte[] content, string mediaType, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var target = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{tag}");
        using var put = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } } },
            credentials, cancellationToken);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        return new ManifestLookup(target, (int)put.StatusCode, put.IsSuccessStatusCode ? digest : null);
    }

    // --- end of multi-platform images ---

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage ManifestRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        foreach (var mediaType in ManifestMediaTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        using var first = createRequest();
        var response = await http.SendAsync(first, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge)
        {
            return response;
        }

        var authorization = await AuthorizeAsync(challenge, credentials, cancellationToken);
        if (authorization is null)
        {
            return response;
        }

        response.Dispose();
        using var retry = createRequest();
        retry.Headers.Authorization = authorization;
        return await http.SendAsync(retry, cancellationToken);
    }

    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(
        AuthenticationHeaderValue challenge, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var basic = credentials is null
            ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return basic;
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Token auth (Docker Hub, ghcr, Harbor): ask the realm for a token for this service and scope.
        var parameters = ChallengeParameter().Matches(challenge.Parameter ?? string.Empty)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("realm", out var realm))
        {
            return null;
        }

        var query = string.Join('&', parameters.Where(p => !p.Key.Equals("realm", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, query.Length == 0 ? realm : $"{realm}?{query}");
        tokenRequest.Headers.Authorization = basic;
        using var tokenResponse = await http.SendAsync(tokenRequest, cancellationToken);
        if (!tokenResponse.IsSuccessStatusCode)
        {
            return null;
        }

        var json = await tokenResponse.Content.ReadAsStringAsync(cancellationToken);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        var token = root.TryGetProperty("token", out var t) ? t.GetString()
            : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        return token is null ? null : new AuthenticationHeaderValue("Bearer", token);
    }

    [GeneratedRegex(@"(\w+)=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex ChallengeParameter();
}
