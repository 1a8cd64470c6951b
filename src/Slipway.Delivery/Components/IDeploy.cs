using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Image;
using Slipway.Delivery.Notifications;
using Slipway.Delivery.Orchestration;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Zero-downtime deploys to Docker hosts behind an HAProxy edge, with a readiness gate, a bake window and automatic
/// rollback (docs/deploy.md). Exit codes: 10 aborted before the switch, 11 rolled back automatically, 12 locked.
/// </summary>
public interface IDeploy : IPush, IPromote
{
    [Parameter("Approve a deploy to an environment that requires approval (production) from a workstation")]
    bool Confirm => this.GetParameter<bool?>() ?? false;

    [Parameter("Run the migration container even when the image's schema is the one the environment's database was last migrated to (a database restored by hand)")]
    bool AlwaysMigrate => this.GetParameter<bool?>() ?? false;

    Target DeployStaging => _ => _
        .Description("Deploy the pushed image to staging: zero downtime, readiness gate, bake, automatic rollback")
        .DependsOn<IPush>()
        .Requires(() => NotificationsAreConfigured)
        .Reports("artifacts/incidents")
        .Consumes<IPush>()
        .Executes(async () => await DeployAsync(StagingEnvironment.Name, await StagingImageAsync()));

    Target DeployProduction => _ => _
        .Description("Deploy the image Promote tagged for the release — the digest staging verified and scanned, never a rebuild — to production; --confirm on a workstation")
        .DependsOn<IPromote>()
        // Checked before any target runs, so an unapproved run does not even promote.
        .Requires(() => IsApproved(ProductionEnvironment.Name))
        .Requires(() => NotificationsAreConfigured)
        .Reports("artifacts/incidents")
        .After(DeployStaging)
        .Consumes<IPromote>()
        .Executes(async () => await DeployAsync(ProductionEnvironment.Name, await ProductionImageAsync()));

    /// <summary>
    /// Deploys an image to a declared environment and reports the outcome in the summary (and to GitHub); with
    /// <c>--dry-run</c> prints the plan, changes nothing and returns null.
    /// </summary>
    internal async Task<DeployOutcome?> DeployAsync(string environmentName, DeployImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var environment = ResolveEnvironment(environmentName);
        if (IsApproved(environment.Name) && environment.RequiresApproval)
        {
            Log.Information("{Environment} requires approval: {How}", environment.Name,
                IsLocalBuild ? "confirmed with --confirm" : "given by the GitHub environment's reviewers before this job started");
        }

        var provenance = await ProvenanceAsync(environment, image);
        var acceptedRisk = environment.PromotedFrom is null ? null
            : await RequirePassingScanAsync(image, $"Deploying to {environment.Name}", provenance?.AcceptedRisk);
        if (DryRun)
        {
            DeployOrchestrators.RequireContainers(environment, "--dry-run");
            await using var planning = await DeployHosts.ConnectAsync(environment, SshCredentials);
            foreach (var host in planning.All)
            {
                // Several hosts: each host's own plan, from its own state (a host added later plans a first deploy).
                var plan = await new Deployer(host).PlanAsync(new DeployRequest { Image = image, Who = DeployedBy, AlwaysMigrate = AlwaysMigrate, Release = provenance?.Release });
                Console.Out.WriteLine(planning.LineFor(host) + plan.Describe());
                Host.AddSummaryNote($"Deploy of {image.Reference} to {environment.Name}{(planning.All.Count > 1 ? $" on {host.Name}" : string.Empty)} (dry run): " +
                    $"{plan.Live?.Version ?? "nothing"} -> {plan.Image.Version}; nothing changed");
            }

            Console.Out.WriteLine("Dry run: nothing was changed.");
            return null;
        }

        // Told beside the deploy, not before it: a slow channel must not hold the deploy up.
        var startedNotice = NotifyAsync(DeliveryEvents.Started(environment.Name, image, DeployedBy, CiRunUrl));
        try
        {
            await using var hosts = await DeployHosts.ConnectAsync(environment, SshCredentials);
            var started = DateTimeOffset.UtcNow;
            try
            {
                var outcome = await DeployOrchestrators.For(hosts).DeployAsync(new DeployRequest
                {
                    Image = image,
                    Who = DeployedBy,
                    CiRunUrl = CiRunUrl,
                    Force = Force,
                    AlwaysMigrate = AlwaysMigrate,
                    Release = provenance?.Release,
                    VerifiedBy = provenance?.VerifiedBy,
                    Unverified = provenance?.Unverified,
                    AcceptedRisk = acceptedRisk,
                });
                var summary = DeploySummary.Describe(environment, outcome);
                Host.AddSummaryNote(summary);
                DeploySummary.WriteGitHubOutputs(Context.GetEnvironmentVariable("GITHUB_OUTPUT"), environment, outcome.Record);
                await NotifyAsync(DeliveryEvents.Finished(DeliveryEventKind.DeploySucceeded, outcome.Record, summary));
                return outcome;
            }
            catch (BuildFailedException exception)
            {
                Host.AddSummaryNote(DeploySummary.DescribeFailure(environment, image, exception));
                var log = await ReadLogForReportAsync(hosts.Primary);
                var record = log.LastOrDefault(r => r.Kind == DeployKind.Deploy && r.Digest == image.Digest && r.Started >= started);
                var draft = record is { Result: DeployResults.RolledBack } ? WriteIncidentDraft(record, log) : null;
                await NotifyAsync(DeliveryEvents.Failed(environment.Name, image, exception, DeployedBy, CiRunUrl, record) with { IncidentDraft = draft });
                throw;
            }
        }
        finally
        {
            await startedNotice;
        }
    }

    /// <summary>
    /// Any declared environment by <c>--environment</c>: what the environment before it (<see cref="DeployEnvironment.PromotedFrom"/>)
    /// verified for this commit — handed on in artifacts/image.json by the deploy there, else read from its deploy log —
    /// or, for the first environment, Push's image. Records what it verified for the next one. One target for
    /// <c>development → acceptance → production</c>; the generated workflows give it a job per environment
    /// (<c>[GitHubActionsJob(nameof(Deploy), ForEachValueOf = nameof(Environment))]</c>, docs/workflows.md).
    /// </summary>
    Target Deploy => _ => _
        .Description("Deploy to --environment: the digest the environment before it verified for this commit (no rebuild), or Push's image for the first")
        .Requires(() => Environment)
        .Requires(() => IsApproved(Environment!))
        .Requires(() => NotificationsAreConfigured)
        .Reports("artifacts/incidents")
        .After<IPush>()
        .Consumes<IPush>()
        .Produces("artifacts/image.json")
        .Executes(async () =>
        {
            var environment = ResolveEnvironment(Environment!);
            var (image, record) = await ImageForAsync(environment);
            if (await DeployAsync(environment.Name, image) is not { } outcome)
            {
                return;
            }

            VerifiedDeploy.FindDigest([outcome.Record], environment.Name, image.Digest, out var verified);
            var handedOn = record ?? new ImageRecord
            {
                Registry = image.Name.Registry, Repository = image.Name.Repository, Tags = [], References = [],
                Version = outcome.Record.Version ?? "unknown", Revision = outcome.Record.Commit ?? "unknown", Labels = new Dictionary<string, string>(),
                Digest = image.Digest, DigestReference = image.Reference,
            };
            await ImageRecordFile.WriteAsync(ImageRecordPath, handedOn with
            {
                VerifiedIn = environment.Name,
                VerifiedBy = verified,
                Unverified = outcome.Record.Unverified,
                AcceptedRisk = outcome.Record.AcceptedRisk,
                Release = outcome.Record.Release,
            });
        });

    /// <summary>The image Deploy ships to <paramref name="environment"/>, and the record it came with (null when read from a log or given).</summary>
    private async Task<(DeployImage Image, ImageRecord? Record)> ImageForAsync(DeployEnvironment environment)
    {
        var record = ImageRecordPath.FileExists ? await ImageRecordFile.ReadAsync(ImageRecordPath) : null;
        if (Image is { } explicitImage)
        {
            var given = DeployImage.FromReference(explicitImage);
            return (given, record?.Digest == given.Digest ? record : null);
        }

        if (environment.PromotedFrom is not { } source)
        {
            return record?.DigestReference is { } pushed
                ? (DeployImage.FromReference(pushed), record)
                : throw BuildFailedException.BadInput($"Nothing to deploy to {environment.Name}: run Push first (it records the image in {ImageRecordPath}), or pass --image.");
        }

        if (record is { VerifiedIn: { } verifiedIn, DigestReference: { } handedOn } && verifiedIn == source)
        {
            return (DeployImage.FromReference(handedOn), record);
        }

        var commit = GitVersion.Sha;
        return VerifiedDeploy.Find(await ReadDeployLogAsync(source), source, commit, out var reason) is { Image: { } verifiedImage }
            ? (DeployImage.FromReference(verifiedImage), null)
            : throw BuildFailedException.BadInput(
                $"Nothing to deploy to {environment.Name}: {reason}. It takes what {source} verified: deploy this commit to {source} first, " +
                "or pass --image and, in an emergency, --unverified \"<reason>\".");
    }

    /// <summary>A release-only environment takes the image of the release tag's own commit as that release.</summary>
    private string? ReleaseOf(DeployEnvironment environment, string? commit) =>
        environment.RequiresReleaseVersion && GitVersion is { IsTaggedRelease: true } version && commit is not null
        && string.Equals(commit, version.Sha, StringComparison.OrdinalIgnoreCase) ? version.SemVer : null;

    /// <summary>True when the environment needs no approval or has it (<c>--confirm</c> on a workstation, the GitHub environment's reviewers in CI); else bad input (exit 2).</summary>
    internal bool IsApproved(string environmentName)
    {
        var environment = ResolveEnvironment(environmentName);
        if (environment.RequiresApproval && IsLocalBuild && !Confirm)
        {
            throw BuildFailedException.BadInput(
                $"Deploying to {environment.Name} requires approval: run again with --confirm to approve it yourself " +
                "(in CI, the GitHub environment's required reviewers approve instead).");
        }

        return true;
    }

    /// <summary>
    /// For an environment that takes promoted images: the image passed the environment before it — as Promote recorded
    /// in artifacts/image.json for this digest, else as that environment's deploy log shows — or <c>--unverified</c> says
    /// why not. Anything else is bad input (exit 2) before this environment's host is touched.
    /// </summary>
    private async Task<ImageProvenance?> ProvenanceAsync(DeployEnvironment environment, DeployImage image)
    {
        if (environment.PromotedFrom is not { } source)
        {
            return null;
        }

        var promoted = ImageRecordPath.FileExists && await ImageRecordFile.ReadAsync(ImageRecordPath) is { } record
            && string.Equals(record.Digest, image.Digest, StringComparison.OrdinalIgnoreCase) ? record : null;
        if (promoted is { VerifiedBy: not null } && promoted.VerifiedIn == source || promoted is { Unverified: not null })
        {
            return new ImageProvenance(promoted!.Release ?? ReleaseOf(environment, promoted.Revision), promoted.VerifiedBy, promoted.Unverified, promoted.AcceptedRisk);
        }

        if (VerifiedDeploy.FindDigest(await ReadDeployLogAsync(source), source, image.Digest, out var reason) is { } verified)
        {
            return new ImageProvenance(promoted?.Release ?? ReleaseOf(environment, verified.Commit), reason, null, promoted?.AcceptedRisk);
        }

        if (Unverified is { Length: > 0 } why)
        {
            Log.Warning("Deploying {Image} to {Environment} although {Source} did not verify it ({Reason}): --unverified says {Why}",
                image.Reference, environment.Name, source, reason, why);
            return new ImageProvenance(promoted?.Release, null, why, promoted?.AcceptedRisk);
        }

        throw BuildFailedException.BadInput(
            $"{image.Reference} never passed {source}: {reason}. {environment.Name} takes what {source} verified: deploy it to {source} and run Promote, " +
            "or, in an emergency, pass --unverified \"<reason>\" (recorded in the deploy log and the summary).");
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
    /// Production deploys the image promoted for the release: <c>--image</c>; else the image Promote recorded in
    /// artifacts/image.json for this release; else the registry's digest of the release's SemVer tag (a run with
    /// <c>--skip Promote</c>). Never a rebuild, so what staging ran is what production gets.
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
            && (record.Release == version.SemVer || VersionMatch.Same(record.Version, version.SemVer)))
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
                $"No image was pushed for release {version.SemVer}: {lookup.Url} answered HTTP {lookup.StatusCode}. Run Promote on the tag first " +
                "(DeployProduction runs it unless skipped; the delivery workflow does), or pass --image.");
    }
}
