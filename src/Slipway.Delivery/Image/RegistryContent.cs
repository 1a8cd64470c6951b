namespace Slipway.Delivery.Image;

/// <summary>
/// A registry's answer to a GET of a manifest, an index or a blob: the status, the media type it served (for a PUT, the
/// <c>OCI-Subject</c> header) and the bytes when it served them.
/// </summary>
internal sealed record RegistryContent(Uri Url, int StatusCode, string? MediaType, byte[]? Body)
{
    public bool Found => StatusCode is >= 200 and < 300;

    public static async Task<RegistryContent> ReadAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            return new RegistryContent(url, (int)response.StatusCode, null, null);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RegistryContent(url, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }
}
