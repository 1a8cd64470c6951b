using System.Formats.Tar;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Image;

/// <summary>
/// Makes a built image independent of when it was built, as BuildKit's <c>SOURCE_DATE_EPOCH</c> with
/// <c>rewrite-timestamp=true</c> does on newer engines (Docker 20.10's BuildKit has neither): the image is saved, every
/// file time in its own layers newer than the epoch is clamped to it (<see cref="LayerTimestampRewriter"/>), the
/// config's <c>created</c> and history times likewise, and the result is loaded back under the same tags. Layers of the
/// base image are kept byte for byte, so they stay shared with it in the registry.
/// </summary>
internal sealed class ImageTimestampNormalizer(DockerEngine engine)
{
    private static readonly JsonSerializerOptions ConfigJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Normalizes <paramref name="imageId"/>, tags the result with <paramref name="tags"/> and returns its id.</summary>
    public async Task<string> NormalizeAsync(
        string imageId, IReadOnlyList<string> tags, DateTimeOffset epoch, IReadOnlySet<string> baseLayers, CancellationToken cancellationToken = default)
    {
        var work = Directory.CreateTempSubdirectory("slipway-reproducible-");
        try
        {
            var saved = Path.Combine(work.FullName, "saved.tar");
            await engine.RunAsync(engine.Cli.Query("save", "--output", saved, imageId) with { Timeout = DockerCli.TransferTimeout }, cancellationToken);
            var extracted = Path.Combine(work.FullName, "saved");
            Directory.CreateDirectory(extracted);
            await TarFile.ExtractToDirectoryAsync(saved, extracted, overwriteFiles: false, cancellationToken);
            File.Delete(saved);

            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(extracted, "manifest.json"), cancellationToken))!.AsArray()[0]!;
            var config = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(extracted, manifest["Config"]!.GetValue<string>()), cancellationToken))!;
            var layers = manifest["Layers"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
            var diffIds = config["rootfs"]!["diff_ids"]!.AsArray();
            var seconds = epoch.ToUnixTimeSeconds();
            for (var i = 0; i < layers.Count; i++)
            {
                var diffId = diffIds[i]!.GetValue<string>();
                var path = Path.Combine(extracted, layers[i]);
                if (baseLayers.Contains(diffId) || !NeedsRewrite(path, seconds))
                {
                    continue;
                }

                var rewritten = Path.Combine(work.FullName, $"layer-{i}.tar");
                await using (var input = File.OpenRead(path))
                await using (var output = File.Create(rewritten))
                {
                    diffIds[i] = LayerTimestampRewriter.Rewrite(input, output, seconds);
                }

                layers[i] = rewritten;
            }

            var configBytes = JsonSerializer.SerializeToUtf8Bytes(RewriteConfig(config, epoch), ConfigJson);
            var normalizedId = RegistryClient.Digest(configBytes);
            var archive = Path.Combine(work.FullName, "normalized.tar");
            await WriteArchiveAsync(archive, configBytes, [.. layers.Select(l => Path.Combine(extracted, l))], tags, cancellationToken);
            await engine.RunAsync(engine.Cli.Query("load", "--quiet", "--input", archive) with { Timeout = DockerCli.TransferTimeout }, cancellationToken);
            return normalizedId;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The config with <c>created</c> at the epoch and every history time clamped to it; pure, for tests.</summary>
    internal static JsonNode RewriteConfig(JsonNode config, DateTimeOffset epoch)
    {
        var formatted = epoch.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        config["created"] = formatted;
        if (config["history"] is JsonArray history)
        {
            foreach (var entry in history.OfType<JsonObject>())
            {
                if (entry["created"]?.GetValue<string>() is { } created &&
                    DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) && time > epoch)
                {
                    entry["created"] = formatted;
                }
            }
        }

        return config;
    }

    private static bool NeedsRewrite(string layer, long epoch)
    {
        using var stream = File.OpenRead(layer);
        return LayerTimestampRewriter.NeedsRewrite(stream, epoch);
    }

    /// <summary>A <c>docker load</c> archive: manifest.json, the config and the layers, named by the config.</summary>
    private static async Task WriteArchiveAsync(
        string archive, byte[] config, IReadOnlyList<string> layers, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = "config.json",
            ["RepoTags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]),
            ["Layers"] = new JsonArray([.. layers.Select((_, i) => JsonValue.Create($"{i}/layer.tar"))]),
        });
        await using var file = File.Create(archive);
        await using var writer = new TarWriter(file, TarEntryFormat.Pax);
        await WriteBytesAsync(writer, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest), cancellationToken);
        await WriteBytesAsync(writer, "config.json", config, cancellationToken);
        for (var i = 0; i < layers.Count; i++)
        {
            // docker save links a layer it holds twice; the archive carries the file itself.
            var layer = new FileInfo(layers[i]);
            var path = layer.LinkTarget is null ? layer.FullName : layer.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
            await writer.WriteEntryAsync(path, $"{i}/layer.tar", cancellationToken);
        }
    }

    private static async Task WriteBytesAsync(TarWriter writer, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var data = new MemoryStream(bytes);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data }, cancellationToken);
    }
}
