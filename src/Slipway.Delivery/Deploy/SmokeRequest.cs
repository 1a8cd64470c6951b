using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Deploy;

/// <summary>A smoke check's request with its placeholders replaced, ready to send.</summary>
internal sealed record SmokeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string? Body, string ContentType)
{
    /// <summary>
    /// The request as HTTP/1.0 text (one request per connection, a body without chunking), for the edge's socat; with
    /// <paramref name="previewServer"/>, the preview header that routes it to that server before it takes traffic.
    /// </summary>
    public string ToHttp(string host, string? previewServer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {Path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: slipway-smoke\r\nConnection: close\r\n");
        if (previewServer is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Edge.EdgeNames.PreviewHeader}: {previewServer}\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}");
        }
        else
        {
            text.Append("\r\n");
        }

        return text.ToString();
    }
}
