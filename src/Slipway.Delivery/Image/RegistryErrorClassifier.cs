namespace Slipway.Delivery.Image;

/// <summary>Reads the Docker CLI's error text of a failed push or login and says whether to try again.</summary>
internal static class RegistryErrorClassifier
{
    private static readonly string[] UnauthorizedMarkers =
    [
        "unauthorized", "authentication required", "denied", "401 unauthorized", "403 forbidden", "incorrect username or password",
    ];

    private static readonly string[] TransientMarkers =
    [
        "connection refused", "connection reset", "i/o timeout", "tls handshake timeout", "timeout exceeded", "context deadline exceeded",
        "no such host", "server misbehaving", "network is unreachable", "unexpected eof", ": eof", "broken pipe",
        "500 internal server error", "502 bad gateway", "503 service unavailable", "504 gateway timeout", "429 too many requests",
        "toomanyrequests", "received unexpected http status: 5", "blob upload unknown",
    ];

    public static RegistryFailureKind Classify(string output)
    {
        var text = (output ?? string.Empty).ToLowerInvariant();
        if (UnauthorizedMarkers.Any(text.Contains))
        {
            return RegistryFailureKind.Unauthorized;
        }

        return TransientMarkers.Any(text.Contains) ? RegistryFailureKind.Transient : RegistryFailureKind.Permanent;
    }
}
