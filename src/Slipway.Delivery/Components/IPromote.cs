using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Image;
using Slipway.Delivery.Versioning;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Build once, promote the digest (Kargo's and Argo CD's promotion of one artifact between stages): the image the
/// environment before production verified for this commit gets the release's tags in the registry — the same manifest,
/// no rebuild, no layer pulled or pushed — and is handed to DeployProduction in artifacts/image.json (docs/deploy.md).
/// </summary>
public interface IPromote : IHazDeployEnvironments, IHazImage, IHazRegistryCredentials, IHazGitVersion, IHazDryRun, IHazScanGate
{
    Target Promote => _ => _
        .Description("Tag the digest staging verified for this commit with the release's tags, in the registry (no rebuild); --image names one, --unverified \"<reason>\" takes an unverified one; a passing scan record is required, else --accept-risk \"<reason>\"")
        .Produces("artifacts/image.json")
        .Executes(async () =>
        {
            var target = ResolveEnvironment(ProductionEnvironment.Name);
            var source = target.PromotedFrom ?? throw BuildFailedException.BadInput(
                $"{target.Name} declares no PromotedFrom environment, so there is nothing to promote from: set PromotedFrom = \"staging\" in its declaration.");
            var version = GitVersion;
            if (!version.IsTaggedRelease && Image is null)
            {
                throw BuildFailedException.BadInput(
                    $"HEAD ({version.ShortSha}, {version.SemVer}) is not a release tag (prod/vX.Y.Z), so there is no release to promote. " +
                    "Check out the release tag (./build.sh Release --version X.Y.Z makes it), or pass --image registry/repository@sha256:... to promote without tags.");
            }

            var candidate = await PromotionCandidateAsync(source, version.Sha);
            var newest = version.IsTaggedRelease && ReleaseLine.IsNewest(
                NuGet.Versioning.SemanticVersion.Parse(version.SemVer), await Versioning.GitVersion.ReadReleaseTagsAsync(RootDirectory, VersioningOptions.DefaultTagPrefix));
            if (version.IsTaggedRelease && !newest)
            {
                Log.Information("{Version} is not the newest release (a patch of an older line, or a pre-release): the latest tag stays where it is", version.SemVer);
            }

            var promotion = new ImagePromotion(candidate.Image.Name, candidate.Image.Digest,
                version.IsTaggedRelease ? ImagePromotion.ReleaseTags(version.SemVer, latest: newest) : []);
            Log.Information("{Promotion}", promotion.Describe());
            var acceptedRisk = await RequirePassingScanAsync(candidate.Image, "Promote");
            if (DryRun)
            {
                Console.Out.WriteLine(promotion.Describe());
                Console.Out.WriteLine("Dry run: nothing was changed.");
                return;
            }

            using var registry = new RegistryClient();
            await new ImagePromoter(registry).PromoteAsync(promotion, RegistryLogin());
            await ImageRecordFile.WriteAsync(ImageRecordPath, new ImageRecord
            {
                Registry = promotion.Name.Registry,
                Repository = promotion.Name.Repository,
                Tags = promotion.Tags,
                References = [.. promotion.Tags.Select(promotion.Name.WithTag)],
                Version = candidate.Version ?? version.SemVer,
                Revision = candidate.Commit ?? version.Sha,
                Labels = new Dictionary<string, string>(),
                Digest = promotion.Digest,
                DigestReference = promotion.Name.WithDigest(promotion.Digest),
                PushedAt = DateTimeOffset.UtcNow,
                Release = version.IsTaggedRelease ? version.SemVer : null,
                VerifiedIn = candidate.VerifiedBy is null ? null : source,
                VerifiedBy = candidate.VerifiedBy,
                Unverified = candidate.Unverified,
                AcceptedRisk = acceptedRisk,
            });
            Host.AddSummaryNote($"Promoted {promotion.Name.WithDigest(promotion.Digest)} as {(promotion.Tags.Count == 0 ? "(no tags: not a release)" : string.Join(", ", promotion.Tags))}; " +
                (candidate.Unverified is { } why ? $"UNVERIFIED: {why}" : $"verified: {candidate.VerifiedBy}") +
                (acceptedRisk is { } risk ? $"; ACCEPTED RISK (--accept-risk: {risk})" : "; scanned"));
        });

    /// <summary>
    /// What to promote: <c>--image</c>, or the digest <paramref name="source"/> verified for the commit; verified there,
    /// or taken with <c>--unverified</c>'s reason; anything else is bad input (exit 2) before the registry is touched.
    /// </summary>
    private async Task<PromotionCandidate> PromotionCandidateAsync(string source, string commit)
    {
        var requested = Image is { } reference ? DeployImage.FromReference(reference) : null;
        var records = await ReadDeployLogAsync(source);
        var verified = requested is null
            ? VerifiedDeploy.Find(records, source, commit, out var reason)
            : VerifiedDeploy.FindDigest(records, source, requested.Digest, out reason);
        if (verified is { Image: { } image })
        {
            Log.Information("Verified: {Reason}", reason);
            return new PromotionCandidate(DeployImage.FromReference(image), verified.Version, verified.Commit, reason, null);
        }

        if (requested is not null && Unverified is { Length: > 0 } why)
        {
            Log.Warning("Promoting {Image}, which {Source} did not verify ({Reason}), because --unverified says: {Why}", requested.Reference, source, reason, why);
            return new PromotionCandidate(requested, null, null, null, why);
        }

        throw BuildFailedException.BadInput(
            $"Nothing to promote: {reason}. Production takes what {source} verified: deploy this commit to {source} first (it must succeed and stay), " +
            $"then run Promote again" + (requested is null
                ? "; or name an image with --image and, in an emergency, --unverified \"<reason>\" (recorded in the deploy log and the summary)."
                : "; or, in an emergency, add --unverified \"<reason>\" (recorded in the deploy log and the summary)."));
    }

    private sealed record PromotionCandidate(DeployImage Image, string? Version, string? Commit, string? VerifiedBy, string? Unverified);
}
