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
        return new ManifestLookup(url, (int)get.StatusCode, get.IsSuccessStatusCode ? Digest(body) : null);
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

    /// <summary>GETs a manifest (or an index) by tag or digest: its bytes and media type, for referrers and their fallback tag.</summary>
    public async Task<RegistryContent> GetManifestAsync(
        ImageName name, string reference, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{reference}");
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, url), credentials, cancellationToken);
        return await RegistryContent.ReadAsync(url, response, cancellationToken);
    }

    /// <summary>
    /// GETs the OCI 1.1 referrers API (<c>/v2/&lt;repository&gt;/referrers/&lt;digest&gt;</c>). A registry without it
    /// (registry:2 answers 404) is asked for the referrers tag schema's fallback tag instead, by the caller.
    /// </summary>
    public async Task<RegistryContent> GetReferrersAsync(
        ImageName name, string digest, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/referrers/{digest}");
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue(OciImageIndex.MediaType) } } },
            credentials, cancellationToken);
        return await RegistryContent.ReadAsync(url, response, cancellationToken);
    }

    /// <summary>GETs a blob by digest and checks its bytes against the digest (a registry or proxy that serves other bytes is caught here).</summary>
    public async Task<RegistryContent> GetBlobAsync(
        ImageName name, string digest, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/blobs/{digest}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), credentials, cancellationToken);
        var content = await RegistryContent.ReadAsync(url, response, cancellationToken);
        return content.Body is { } body && Digest(body) != digest ? content with { StatusCode = 422, Body = null } : content;
    }

    /// <summary>
    /// Uploads a small blob in one request (POST, then a monolithic PUT with its digest), unless the repository has it
    /// already. Returns the digest; a refused upload throws naming the status.
    /// </summary>
    public async Task<string> PushBlobAsync(
        ImageName name, byte[] content, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        var digest = Digest(content);
        var blob = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/blobs/{digest}");
        using (var head = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, blob), credentials, cancellationToken))
        {
            if (head.IsSuccessStatusCode)
            {
                return digest;
            }
        }

        var uploads = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/blobs/uploads/");
        using var start = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uploads), credentials, cancellationToken);
        if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is not { } location)
        {
            throw new HttpRequestException($"{uploads} answered HTTP {(int)start.StatusCode} to a blob upload.");
        }

        var target = location.IsAbsoluteUri ? location : new Uri(BaseUri(name.Registry), location);
        var put = new UriBuilder(target) { Query = (string.IsNullOrEmpty(target.Query) ? string.Empty : target.Query.TrimStart('?') + "&") + "digest=" + Uri.EscapeDataString(digest) }.Uri;
        using var done = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, put) { Content = new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } } },
            credentials, cancellationToken);
        return done.IsSuccessStatusCode ? digest : throw new HttpRequestException($"{uploads} answered HTTP {(int)done.StatusCode} to the upload of {digest}.");
    }

    /// <summary>
    /// PUTs a manifest (or an index) under a tag or its digest. <see cref="RegistryContent.MediaType"/> of the answer
    /// carries the registry's <c>OCI-Subject</c> header: set when the registry indexed the manifest's subject itself.
    /// </summary>
    public async Task<RegistryContent> PutManifestAsync(
        ImageName name, string reference, byte[] manifest, string mediaType, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = new Uri(BaseUri(name.Registry), $"v2/{name.Repository}/manifests/{reference}");
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } } },
            credentials, cancellationToken);
        var subject = response.Headers.TryGetValues("OCI-Subject", out var values) ? values.FirstOrDefault() : null;
        return new RegistryContent(url, (int)response.StatusCode, subject, null);
    }

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of the bytes: how the distribution spec names content.</summary>
    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A manifest (or an index) by tag or digest with its digest and media type; null when the registry has none (404).</summary>
    public async Task<RegistryManifest?> FindManifestAsync(
        ImageName name, string reference, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        var content = await GetManifestAsync(name, reference, credentials, cancellationToken);
        if (content.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }

        return content is { Found: true, MediaType: { } mediaType, Body: { } body }
            ? new RegistryManifest(Digest(body), mediaType, body)
            : throw new HttpRequestException($"GET {content.Url} answered HTTP {content.StatusCode}.", null, (HttpStatusCode)content.StatusCode);
    }

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
