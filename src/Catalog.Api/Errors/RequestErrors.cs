using System.Text.Json;

namespace Catalog.Api.Errors;

/// <summary>Turns a request the framework could not read (malformed JSON, wrong types) into per-field errors.</summary>
internal static class RequestErrors
{
    public const string BodyField = "body";

    /// <summary>
    /// Maps the JSON reader's path to the field name clients sent (<c>$.price</c> → <c>price</c>); a syntax error
    /// outside any property is reported against <c>body</c>.
    /// </summary>
    public static Dictionary<string, string[]> From(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : BodyField;
            return new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [Describe(json)] };
        }

        return new Dictionary<string, string[]>(StringComparer.Ordinal) { [BodyField] = [exception.Message] };
    }

    // The reader's message ends with " Path: $.price | LineNumber: 0 | BytePositionInLine: 20." — useful position, but
    // the path is already the key, so keep the sentence and the position.
    private static string Describe(JsonException json)
    {
        var message = json.Message;
        var pathStart = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = pathStart < 0 ? message : message[..pathStart];
        if (sentence.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            // The reader names the .NET type it was building; the client only needs to know the value was wrong.
            sentence = "The value has the wrong type for this field.";
        }

        return json.LineNumber is { } line && json.BytePositionInLine is { } position
            ? $"{sentence} (line {line + 1}, byte {position + 1})"
            : sentence;
    }
}
