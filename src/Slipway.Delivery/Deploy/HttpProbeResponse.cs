using System.Globalization;
using System.Text.Json;

namespace Slipway.Delivery.Deploy;

/// <summary>A raw HTTP/1.x response as socat returns it (status line, headers, body), parsed without a client library.</summary>
internal sealed record HttpProbeResponse(int StatusCode, string Body)
{
    public static HttpProbeResponse? TryParse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var headerEnd = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var separatorLength = 4;
        if (headerEnd < 0)
        {
            headerEnd = raw.IndexOf("\n\n", StringComparison.Ordinal);
            separatorLength = 2;
        }

        var head = headerEnd < 0 ? raw : raw[..headerEnd];
        var statusLine = head.Split('\n')[0].Trim();
        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        return new HttpProbeResponse(status, headerEnd < 0 ? string.Empty : raw[(headerEnd + separatorLength)..]);
    }

    /// <summary>The <c>version</c> field of a JSON body (case-insensitive), or null.</summary>
    public string? JsonVersion()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return document.RootElement.EnumerateObject()
                .FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } property
                ? property.Value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
