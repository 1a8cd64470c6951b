using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>Builds the service image with BuildKit, tagged and labelled from the git version (docs/image.md).</summary>
public interface IDockerBuild : IHazImage, IHazGitVersion
{
    [Parameter("Target platforms, e.g. linux/amd64,linux/arm64: buildx builds and pushes them at once; without it each is built with BuildKit and Push publishes an OCI index")]
    string[] Platforms => this.GetParameter<string[]>() ?? [];

    [Parameter("BuildKit --cache-from sources, e.g. type=registry,ref=host/app:cache")]
    string[] CacheFrom => this.GetParameter<string[]>() ?? [];

    [Parameter("BuildKit --cache-to destinations, e.g. type=registry,ref=host/app:cache,mode=max")]
    string[] CacheTo => this.GetParameter<string[]>() ?? [];

    [Parameter("Base images: auto (stand-ins when LocalInfra built them, else public), public or stand-in")]
    BaseImageSource BaseImages => this.GetParameter<BaseImageSource?>() ?? BaseImageSource.Auto;

    /// <summary>
    /// The image's title label (<c>org.opencontainers.image.title</c>); null (the default) uses the repository's name.
    /// A build names its service: <c>string? IDockerBuild.ImageTitle =&gt; "Catalog.Api";</c>
    /// </summary>
    string? ImageTitle => null;

    /// <summary>
    /// The service's Dockerfile; the build context is the repository root. A build whose Dockerfile lives elsewhere names
    /// it: <c>AbsolutePath IDockerBuild.Dockerfile =&gt; RootDirectory / "src" / "Orders.Api" / "Dockerfile";</c>
    /// </summary>
    AbsolutePath Dockerfile => RootDirectory / "Dockerfile";

    /// <summary>
    /// Where the service's migrations live; their fingerprint is stamped on the image (<c>org.slipway.schema</c>) so a
    /// deploy whose schema is unchanged skips its backup and migrations (docs/deploy.md). None by default (then every
    /// deploy of the image backs up and migrates); a build names its own:
    /// <c>IReadOnlyList&lt;AbsolutePath&gt; IDockerBuild.MigrationSources =&gt; [RootDirectory / "db" / "migrations"];</c>
    /// </summary>
    IReadOnlyList<AbsolutePath> MigrationSources => [];

    Target DockerBuild => _ => _
        .Description("Build the service image; tags sha-<7>, branch and SemVer; record in artifacts/image.json")
        .Produces("artifacts/image.json")
        .Executes(async () =>
        {
            await using var engine = await DockerEngine.ConnectAsync();
            var version = GitVersion;
            var standIns = await UseStandInsAsync(engine);
            var baseImages = standIns ? await StandInImages.PinnedDockerfileBaseImagesAsync() : new Dictionary<string, string>();
            var epoch = await SourceDateEpochAsync(version.Sha);
            var record = await new ImageBuilder(engine).BuildAsync(new ImageBuildRequest
            {
                RepositoryRoot = RootDirectory,
                Dockerfile = Dockerfile,
                Registry = Registry,
                Repository = ImageRepository,
                Title = ImageTitle,
                Version = version.SemVer,
                InformationalVersion = version.InformationalVersion,
                Commit = version.Sha,
                Branch = version.BranchName,
                IsRelease = version.IsTaggedRelease,
                SourceUrl = SourceUrl,
                Platforms = Platforms,
                CacheFrom = CacheFrom,
                CacheTo = CacheTo,
                BuildArguments = baseImages,
                SourceDateEpoch = epoch,
                BaseImage = baseImages.GetValueOrDefault("RUNTIME_IMAGE"),
                MigrationSources = [.. MigrationSources.Select(p => p.ToString())],
                // The stand-ins serve machines whose engine runs without a bridge network (ENVIRONMENT.md).
                Network = standIns ? "host" : null,
            });
            Host.AddSummaryNote($"Image: {string.Join(", ", record.References)}");
            if (!record.Labels.ContainsKey(ImageLabels.Schema))
            {
                Log.Information("No migrations found at {Sources}: the image has no schema fingerprint, so every deploy of it backs up and migrates",
                    string.Join(", ", MigrationSources));
            }
        });

    /// <summary>
    /// The time the image is pinned to, so two builds of one commit give one digest: <c>SOURCE_DATE_EPOCH</c> when the
    /// caller sets it (reproducible-builds.org), else the commit's committer time.
    /// </summary>
    async Task<DateTimeOffset> SourceDateEpochAsync(string commit)
    {
        if (Context.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is { Length: > 0 } given)
        {
            return long.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw BuildFailedException.BadInput($"SOURCE_DATE_EPOCH is '{given}': it must be whole seconds since 1970 (e.g. git log -1 --format=%ct), or unset.");
        }

        var head = await new Git.GitTool(RootDirectory).GetCommitAsync(commit);
        return head?.CommitterDate ?? throw new BuildFailedException($"Commit {commit} was not found in {RootDirectory}: the image's times cannot be pinned to it.");
    }

    /// <summary>The repository's web URL for the OCI source label, from GitHub Actions when known.</summary>
    string? SourceUrl =>
        Context.GetEnvironmentVariable("GITHUB_SERVER_URL") is { Length: > 0 } server && Context.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repository
            ? $"{server}/{repository}"
            : null;

    internal async Task<bool> UseStandInsAsync(DockerEngine engine)
    {
        if (BaseImages != BaseImageSource.Auto)
        {
            return BaseImages == BaseImageSource.StandIn;
        }

        foreach (var image in StandInImages.DockerfileBaseImages.Values)
        {
            if (!(await engine.TryRunAsync(engine.Images.Inspect(image, "{{.Id}}"))).Succeeded)
            {
                return false;
            }
        }

        Log.Information("Building from the local stand-in base images (--base-images public to use mcr.microsoft.com)");
        return true;
    }
}
