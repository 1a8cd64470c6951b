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

        var platforms = request.Platforms.Select(ImagePlatform.Parse).ToList();
        if (platforms.Distinct().Count() != platforms.Count)
        {
            throw BuildFailedException.BadInput($"--platforms names a platform twice ({string.Join(", ", request.Platforms)}): name each once.");
        }

        if (!client.HasBuildx)
        {
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
        if (request.SourceDateEpoch is { } epoch)
        {
            // BuildKit 0.11+ (buildx, Docker 23+) stamps the config and history times with it; older BuildKit ignores
            // it, and ImageTimestampNormalizer does the same work after the build.
            buildArguments["SOURCE_DATE_EPOCH"] = epoch.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

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
            NoCache = request.NoCache,
            // The classic image store holds one platform per tag: buildx sends a multi-platform image to the registry.
            Push = request.Platforms.Count > 1 && client.HasBuildx,
        };
        var recordPath = Path.Combine(request.ArtifactsDirectory ?? Path.Combine(request.RepositoryRoot, "artifacts"), ImageRecordFile.FileName);
        IReadOnlyList<ImagePlatformBuild> platformBuilds = platforms.Count > 1 && !client.HasBuildx
            ? [.. platforms.Select(p => PlatformBuild(p, name, tags[0], settings))]
            : [];
        return new ImageBuildPlan(name, tags, settings, recordPath, platformBuilds);
    }

    public async Task<ImageRecord> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default)
    {
        var plan = Plan(request, engine.Client);
        var baseLayers = await BaseLayersAsync(request, cancellationToken);
        Log.Information("Building {Image} as {Tags} with {Builder}", plan.Name, string.Join(", ", plan.Tags), engine.Client.Builder);
        string? imageId = null;
        List<ImageRecordPlatform> platformImages = [];
        if (plan.PlatformBuilds.Count > 0)
        {
            // No buildx: one BuildKit build per platform (the SDK stage runs natively and cross-publishes), each kept
            // in the engine under its own tag; Push publishes them and the index that names them.
            foreach (var build in plan.PlatformBuilds)
            {
                BuildProgress.Report($"build {build.Platform}");
                var id = await BuildOneAsync(build.Settings, request, baseLayers, cancellationToken);
                platformImages.Add(new ImageRecordPlatform { Platform = build.Platform.ToString(), Reference = build.Reference, ImageId = id });
            }
        }
        else if (plan.IsMultiPlatform)
        {
            await engine.RunAsync(engine.Images.Build(plan.Settings), cancellationToken);
            platformImages.AddRange(plan.Settings.Platforms.Select(p => new ImageRecordPlatform { Platform = p }));
        }
        else
        {
            imageId = await BuildOneAsync(plan.Settings, request, baseLayers, cancellationToken);
        }

        var record = new ImageRecord
        {
            Registry = plan.Name.Registry,
            Repository = plan.Name.Repository,
            Tags = plan.Tags,
            References = plan.References,
            ImageId = imageId,
            Version = request.Version,
            Revision = request.Commit,
            Labels = plan.Settings.Labels,
            Platforms = plan.Settings.Platforms,
            PlatformImages = platformImages,
            BaseImages = BaseImageArguments(request),
            SourceDateEpoch = request.SourceDateEpoch,
        };
        await ImageRecordFile.WriteAsync(plan.RecordPath, record, cancellationToken);
        Log.Information("Built {ImageId}; record written to {Path}",
            record.ImageId ?? string.Join(", ", platformImages.Select(p => $"{p.Platform} {p.ImageId ?? "(pushed by buildx)"}")), plan.RecordPath);
        return record;
    }

    /// <summary>The Dockerfile's base-image build arguments (<c>*_IMAGE</c>) of this build, for the record.</summary>
    private static SortedDictionary<string, string> BaseImageArguments(ImageBuildRequest request) =>
        new SortedDictionary<string, string>(
            request.BuildArguments.Where(a => a.Key.EndsWith("_IMAGE", StringComparison.Ordinal)).ToDictionary(a => a.Key, a => a.Value),
            StringComparer.Ordinal);

    /// <summary>Builds one image into the engine; with an epoch, clamps its times and returns the normalized id.</summary>
    private async Task<string> BuildOneAsync(
        DockerBuildSettings settings, ImageBuildRequest request, IReadOnlySet<string> baseLayers, CancellationToken cancellationToken)
    {
        var imageIdFile = Path.Combine(Path.GetTempPath(), $"slipway-iid-{Guid.NewGuid():N}");
        try
        {
            await engine.RunAsync(engine.Images.Build(settings with { ImageIdFile = imageIdFile }), cancellationToken);
            var built = (await File.ReadAllTextAsync(imageIdFile, cancellationToken)).Trim();
            if (request.SourceDateEpoch is not { } epoch)
            {
                return built;
            }

            // A build that hit the cache for every step gives the id built before: reuse what it normalized to.
            var memo = NormalizedMemo(request, built, epoch);
            if (File.Exists(memo) && (await File.ReadAllTextAsync(memo, cancellationToken)).Trim() is { Length: > 0 } known &&
                (await engine.TryRunAsync(engine.Images.Inspect(known, "{{.Id}}"), cancellationToken)).Succeeded)
            {
                foreach (var tag in settings.Tags)
                {
                    await engine.RunAsync(engine.Images.Tag(known, tag), cancellationToken);
                }

                return known;
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var normalized = await new ImageTimestampNormalizer(engine).NormalizeAsync(built, settings.Tags, epoch, baseLayers, cancellationToken);
            Log.Information("Pinned the image's times to {Epoch:u} (SOURCE_DATE_EPOCH): {Built} -> {Normalized} in {Seconds:0.0} s",
                epoch, built, normalized, started.Elapsed.TotalSeconds);
            Directory.CreateDirectory(Path.GetDirectoryName(memo)!);
            await File.WriteAllTextAsync(memo, normalized, cancellationToken);
            return normalized;
        }
        finally
        {
            File.Delete(imageIdFile);
        }
    }

    private static string NormalizedMemo(ImageBuildRequest request, string builtId, DateTimeOffset epoch) =>
        Path.Combine(request.RepositoryRoot, ".nuke", "temp", "normalized-images",
            $"{builtId.Replace("sha256:", "", StringComparison.Ordinal)}-{epoch.ToUnixTimeSeconds()}");

    /// <summary>The final stage's base layers (kept byte for byte when times are clamped); empty when unknown.</summary>
    private async Task<IReadOnlySet<string>> BaseLayersAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        if (request.SourceDateEpoch is null || request.BaseImage is null)
        {
            return new HashSet<string>();
        }

        var result = await engine.TryRunAsync(engine.Images.Inspect(request.BaseImage, "{{json .RootFS.Layers}}"), cancellationToken);
        return result.Succeeded
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(result.StandardOutput.Trim())!.ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
    }

    private static ImagePlatformBuild PlatformBuild(ImagePlatform platform, ImageName name, string tag, DockerBuildSettings settings)
    {
        var reference = name.WithTag($"{tag}-{platform.TagSuffix}");
        return new ImagePlatformBuild(platform, reference, settings with { Platforms = [platform.ToString()], Tags = [reference], Push = false });
    }

    private static IReadOnlyDictionary<string, string> Labels(ImageBuildRequest request)
    {
        var created = request.Created ?? request.SourceDateEpoch ?? DateTimeOffset.UtcNow;
        var labels = ImageLabels.For(request.Title ?? request.Repository, request.Version, request.Commit, created, request.SourceUrl);
        if (SchemaFingerprint.Compute(request.RepositoryRoot, request.MigrationSources) is not { } schema)
        {
            return labels;
        }

        return new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal) { [ImageLabels.Schema] = schema };
    }
}
