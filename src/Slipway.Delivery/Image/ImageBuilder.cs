using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>
/// The DockerBuild stage: builds the root Dockerfile with BuildKit (buildx when the client has it), stamps version
/// build arguments and OCI labels, tags the result, and writes <c>artifacts/image.json</c>. All tags are applied by the
/// build itself, so a failed build leaves no tag behind.
/// </summary>
internal sealed class ImageBuilder(DockerEngine engine)
{
    /// <summary>Validates the request against what the client can do and computes the build; no side effects.</summary>
    public static ImageBuildPlan Plan(ImageBuildRequest request, DockerClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var name = new ImageName(request.Registry, request.Repository);
        ImageTags.ParseVersion(request.Version);
        var tags = ImageTags.For(request.Commit, request.Branch, request.Version, request.IsRelease);
        var dockerfile = Path.Combine(request.RepositoryRoot, request.Dockerfile);
        if (!File.Exists(dockerfile))
        {
            throw BuildFailedException.BadInput($"No Dockerfile at {dockerfile}.");
        }

        if (!client.HasBuildx)
        {
            if (request.Platforms.Count > 1)
            {
                throw BuildFailedException.BadInput(
                    $"Building for {string.Join(", ", request.Platforms)} needs docker buildx, which {client.Executable} lacks: " +
                    "install the buildx plugin or build a single platform.");
            }

            if (request.CacheTo.FirstOrDefault(c => !ImageCommands.IsInlineCache(c)) is { } cacheTo)
            {
                throw BuildFailedException.BadInput(
                    $"--cache-to {cacheTo} needs docker buildx; without it only 'type=inline' (cache in the pushed image) works.");
            }
        }

        var buildArguments = new Dictionary<string, string>(request.BuildArguments, StringComparer.Ordinal)
        {
            ["VERSION"] = request.Version,
            ["INFORMATIONAL_VERSION"] = request.InformationalVersion ?? request.Version,
            ["COMMIT"] = request.Commit,
        };
        var settings = new DockerBuildSettings
        {
            ContextDirectory = request.RepositoryRoot,
            Dockerfile = dockerfile,
            Tags = [.. tags.Select(name.WithTag)],
            Labels = Labels(request),
            BuildArguments = buildArguments,
            Platforms = request.Platforms,
            CacheFrom = request.CacheFrom,
            CacheTo = request.CacheTo,
            Network = request.Network,
            // The classic image store holds one platform per tag: a multi-platform image can only go to the registry.
            Push = request.Platforms.Count > 1,
        };
        var recordPath = Path.Combine(request.ArtifactsDirectory ?? Path.Combine(request.RepositoryRoot, "artifacts"), ImageRecordFile.FileName);
        return new ImageBuildPlan(name, tags, settings, recordPath);
    }

    public async Task<ImageRecord> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default)
    {
        var plan = Plan(request, engine.Client);
        var imageIdFile = Path.Combine(Path.GetTempPath(), $"slipway-iid-{Guid.NewGuid():N}");
        try
        {
            Log.Information("Building {Image} as {Tags} with {Builder}", plan.Name, string.Join(", ", plan.Tags), engine.Client.Builder);
            var settings = plan.Settings with { ImageIdFile = plan.IsMultiPlatform ? null : imageIdFile };
            await engine.RunAsync(engine.Images.Build(settings), cancellationToken);

            var record = new ImageRecord
            {
                Registry = plan.Name.Registry,
                Repository = plan.Name.Repository,
                Tags = plan.Tags,
                References = plan.References,
                ImageId = plan.IsMultiPlatform ? null : (await File.ReadAllTextAsync(imageIdFile, cancellationToken)).Trim(),
                Version = request.Version,
                Revision = request.Commit,
                Labels = plan.Settings.Labels,
                Platforms = plan.Settings.Platforms,
            };
            await ImageRecordFile.WriteAsync(plan.RecordPath, record, cancellationToken);
            Log.Information("Built {ImageId}; record written to {Path}", record.ImageId ?? "(multi-platform, pushed)", plan.RecordPath);
            return record;
        }
        finally
        {
            File.Delete(imageIdFile);
        }
    }

    private static IReadOnlyDictionary<string, string> Labels(ImageBuildRequest request)
    {
        var labels = ImageLabels.For(request.Title ?? request.Repository, request.Version, request.Commit, request.Created ?? DateTimeOffset.UtcNow, request.SourceUrl);
        if (SchemaFingerprint.Compute(request.RepositoryRoot, request.MigrationSources) is not { } schema)
        {
            return labels;
        }

        return new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal) { [ImageLabels.Schema] = schema };
    }
}
