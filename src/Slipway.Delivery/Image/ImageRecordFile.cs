using System.Text.Json;
using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>Reads and writes <c>artifacts/image.json</c>, the hand-over between DockerBuild, Push and the deploys.</summary>
internal static class ImageRecordFile
{
    public const string FileName = "image.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DefaultPath(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", FileName);

    public static string Serialize(ImageRecord record) => JsonSerializer.Serialize(record, Options);

    public static ImageRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<ImageRecord>(json, Options) ?? throw new JsonException("image.json holds null.");

    public static async Task WriteAsync(string path, ImageRecord record, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Written beside and moved over, so a reader never sees half a file.
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, Serialize(record) + "\n", cancellationToken);
        File.Move(partial, path, overwrite: true);
    }

    public static async Task<ImageRecord> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw BuildFailedException.BadInput($"{path} does not exist: run the DockerBuild target first, it writes the image record there.");
        }

        try
        {
            return Deserialize(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException exception)
        {
            throw BuildFailedException.BadInput($"{path} is not an image record ({exception.Message}): run DockerBuild again.");
        }
    }
}
