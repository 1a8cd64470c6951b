using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Zero-downtime deploys to Docker hosts behind an HAProxy edge, with a readiness gate, a bake window and automatic
/// rollback (docs/deploy.md). Exit codes: 10 aborted before the switch, 11 rolled back automatically, 12 locked.
/// </summary>
public interface IDeploy : IPush, IHazDeployEnvironments, IHazGitVersion
{
    [Parameter("Approve a deploy to an environment that requires approval (production) from a workstation")]
    bool Confirm => this.GetParameter<bool?>() ?? false;

    [Parameter("Run the migration container even when the image's schema is the one the environment's database was last migrated to (a database restored by hand)")]
    bool AlwaysMigrate => this.GetParameter<bool?>() ?? false;

    Target DeployStaging => _ => _
        .Description("Deploy the pushed image to staging: zero downtime, readiness gate, bake, automatic rollback")
        .DependsOn<IPush>()
        .Consumes<IPush>()
        .Executes(async () => await DeployAsync(StagingEnvironment.Name, await StagingImageAsync()));

    Target DeployProduction => _ => _
        .Description("Deploy the release's already-pushed image to production (never rebuilds); --confirm on a workstation")
        .After(DeployStaging)
        .Consumes<IPush>()
        .Executes(async () => await DeployAsync(ProductionEnvironment.Name, await ProductionImageAsync()));

    /// <summary>Deploys an image to a declared environment and reports the outcome in the summary (and to GitHub).</summary>
    internal async Task<DeployOutcome> DeployAsync(string environmentName, DeployImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var environment = ResolveEnvironment(environmentName);
        if (environment.RequiresApproval)
        {
            if (IsLocalBuild && !Confirm)
            {
                throw BuildFailedException.BadInput(
                    $"Deploying to {environment.Name} requires approval: run again with --confirm to approve it yourself " +
                    "(in CI, the GitHub environment's required reviewers approve instead).");
            }

            Log.Information("{Environment} requires approval: {How}", environment.Name,
                IsLocalBuild ? "confirmed with --confirm" : "given by the GitHub environment's reviewers before this job started");
        }

        await using var host = await DeployHost.ConnectAsync(environment, SshCredentials);
        try
        {
            var outcome = await new Deployer(host).DeployAsync(new DeployRequest
            {
                Image = image,
                Who = DeployedBy,
                CiRunUrl = CiRunUrl,
                Force = Force,
                AlwaysMigrate = AlwaysMigrate,
            });
            Host.AddSummaryNote(DeploySummary.Describe(environment, outcome));
            DeploySummary.WriteGitHubOutputs(Context.GetEnvironmentVariable("GITHUB_OUTPUT"), environment, outcome.Record);
            return outcome;
        }
        catch (BuildFailedException exception)
        {
            Host.AddSummaryNote(DeploySummary.DescribeFailure(environment, image, exception));
            throw;
        }
    }

    /// <summary>Staging deploys what this run's Push recorded, or <c>--image</c>.</summary>
    internal async Task<DeployImage> StagingImageAsync()
    {
        if (Image is { } explicitImage)
        {
            return DeployImage.FromReference(explicitImage);
        }

        var record = await ImageRecordFile.ReadAsync(ImageRecordPath);
        return DeployImage.FromReference(record.DigestReference
            ?? throw BuildFailedException.BadInput($"{ImageRecordPath} has no digestReference: run the Push target first (it records the digest), or pass --image."));
    }

    /// <summary>
    /// Production deploys the image already pushed for the release: <c>--image</c>; else the pushed image recorded in
    /// artifacts/image.json when its version is this release's; else the registry's digest of the release's SemVer tag.
    /// Never a rebuild, so what staging ran is what production gets.
    /// </summary>
    internal async Task<DeployImage> ProductionImageAsync()
    {
        if (Image is { } explicitImage)
        {
            return DeployImage.FromReference(explicitImage);
        }

        var version = GitVersion;
        if (!version.IsTaggedRelease)
        {
            throw BuildFailedException.BadInput(
                $"HEAD ({version.ShortSha}, {version.SemVer}) is not a release tag (prod/vX.Y.Z): production deploys released images only. " +
                "Check out the release tag, or pass --image registry/repository@sha256:... explicitly.");
        }

        if (ImageRecordPath.FileExists && await ImageRecordFile.ReadAsync(ImageRecordPath) is { DigestReference: { } pushed } record
            && VersionMatch.Same(record.Version, version.SemVer))
        {
            return DeployImage.FromReference(pushed);
        }

        var name = new ImageName(Registry, ImageRepository);
        using var registry = new RegistryClient();
        var lookup = await registry.GetManifestDigestAsync(
            name, version.SemVer, RegistryUsername is null ? null : new RegistryCredentials(RegistryUsername, RegistryPassword!));
        return lookup.Found
            ? DeployImage.FromReference(name.WithDigest(lookup.Digest!))
            : throw BuildFailedException.BadInput(
                $"No image was pushed for release {version.SemVer}: {lookup.Url} answered HTTP {lookup.StatusCode}. Run DockerBuild and Push on the tag first " +
                "(the delivery workflow does), or pass --image.");
    }
}
