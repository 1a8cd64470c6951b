using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Slipway.Delivery.Edge;

/// <summary>Turns values into HAProxy configuration words that the parser reads back exactly as given.</summary>
internal static class HaproxyQuoting
{
    /// <summary>
    /// A weakly quoted word. Inside double quotes HAProxy still expands <c>$VAR</c> and interprets backslashes, so those
    /// (and the quote itself) are escaped; settings validation has already refused control characters.
    /// </summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '$')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>An address:port for <c>bind</c> and <c>stats socket</c>, with the family prefix IPv6 needs.</summary>
    public static string Address(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6@{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"ipv4@{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A time in HAProxy's syntax; milliseconds keep every TimeSpan exact.</summary>
    public static string Duration(TimeSpan value) =>
        ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
