using System.Text.Json;
using Slipway.Engine;

namespace Slipway.Delivery.Security;

/// <summary>Reads the JSON policy files under <c>.slipway/</c>; a malformed one is bad input (exit 2), named with its problem.</summary>
internal static class PolicyFile
{
    public static JsonDocument? Open(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw BuildFailedException.BadInput($"{path} is not valid JSON: {exception.Message}");
        }
    }

    public static IEnumerable<JsonElement> Entries(JsonDocument? document, string property, string path)
    {
        if (document is null)
        {
            return [];
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw BuildFailedException.BadInput($"{path} must hold a JSON object with a \"{property}\" list.");
        }

        if (!document.RootElement.TryGetProperty(property, out var list))
        {
            return [];
        }

        return list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : throw BuildFailedException.BadInput($"{path}: \"{property}\" must be a list.");
    }

    public static string? Text(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Required(JsonElement entry, string property, string path, int index) =>
        Text(entry, property) is { Length: > 0 } text
            ? text
            : throw BuildFailedException.BadInput($"{path}: entry {index + 1} needs a non-empty \"{property}\".");
}
