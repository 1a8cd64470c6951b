namespace Catalog.Api.Observability;

/// <summary>
/// The id that ties a request's log lines together across services: taken from <c>X-Correlation-ID</c> when the caller
/// sends a sane one, generated otherwise, and echoed in the response.
/// </summary>
internal static class CorrelationId
{
    public const string HeaderName = "X-Correlation-ID";
    public const string LogPropertyName = "CorrelationId";
    public const int MaxLength = 128;
    private static readonly object ItemKey = new();

    /// <summary>
    /// The caller's id if it is 1-128 characters of letters, digits and <c>-_.:</c>; null otherwise, so a hostile header
    /// cannot inject text into logs or response headers.
    /// </summary>
    public static string? Accept(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength)
        {
            return null;
        }

        foreach (var character in candidate)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' or ':'))
            {
                return null;
            }
        }

        return candidate;
    }

    public static string New() => Guid.NewGuid().ToString("N");

    public static void Set(HttpContext context, string correlationId) => context.Items[ItemKey] = correlationId;

    public static string? Get(HttpContext context) => context.Items.TryGetValue(ItemKey, out var value) ? value as string : null;
}
