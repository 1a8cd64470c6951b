using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Image;
using Slipway.Delivery.Security;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Scanned before promotion: Promote and DeployProduction take a digest only with a passing scan record attached to it
/// in the registry (<see cref="ScanRecord"/>, written by Attest after Push), newer than <c>--scan-max-age</c> and free
/// of <c>--scan-fail-on</c> findings the advisory allow list does not accept — or with <c>--accept-risk</c>'s reason,
/// recorded where <c>--unverified</c>'s is (artifacts/image.json, the deploy log, the summary). docs/image.md.
/// </summary>
public interface IHazScanGate : IHazRegistryCredentials
{
    [Parameter("Promote or deploy to production a digest without a passing scan record, giving the reason (recorded in the deploy log and the summary)")]
    string? AcceptRisk => this.GetParameter<string>();

    [Parameter("How old a digest's scan record may be for Promote and DeployProduction to take it, e.g. 168h or 12h (default: 168h, 7 days)")]
    TimeSpan? ScanMaxAge => this.GetParameter<TimeSpan?>();

    [Parameter("Scan severities that block Promote and DeployProduction, e.g. CRITICAL,HIGH (the default)")]
    string[]? ScanFailOn => this.GetParameter<string[]>();

    /// <summary>The advisory allow list the Scan target reads: one list of accepted advisories for packages and the image.</summary>
    internal string AdvisoryAllowListPath => RootDirectory / ".slipway" / AdvisoryAllowList.FileName;

    /// <summary>
    /// Null when <paramref name="image"/>'s newest scan record passes; the accepted risk's reason when it does not and
    /// <c>--accept-risk</c> (or <paramref name="acceptedBefore"/>, the promotion's) gives one; else bad input (exit 2)
    /// naming the findings or the missing record. Reads only: nothing has changed when it refuses.
    /// </summary>
    internal async Task<string?> RequirePassingScanAsync(DeployImage image, string action, string? acceptedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var policy = ScanPolicy.From(ScanFailOn, ScanMaxAge);
        var allowList = AdvisoryAllowList.Load(AdvisoryAllowListPath);
        var verdict = await ReadScanVerdictAsync(image, policy, allowList);
        if (verdict.Passed)
        {
            Log.Information("Scanned: {Reason}", verdict.Reason);
            foreach (var (finding, by) in verdict.Accepted)
            {
                Log.Warning("Accepted until {Expires}: {Finding} ({Reason})", by.Expires, finding.Describe(), by.Reason);
            }

            return null;
        }

        if ((AcceptRisk ?? acceptedBefore) is { Length: > 0 } why)
        {
            Log.Warning("{Action} takes {Image} although {Reason}: --accept-risk says {Why}", action, image.Reference, verdict.Reason, why);
            return why;
        }

        throw BuildFailedException.BadInput(
            $"{action} refused: {verdict.Reason}. Scan it and attach the record (./build.sh Attest --image {image.Reference}: runs trivy, or takes its JSON report with --scan-report), " +
            "accept a finding for a while in .slipway/advisories.json, or, knowingly, pass --accept-risk \"<reason>\" (recorded in the deploy log and the summary).");
    }

    private async Task<ScanVerdict> ReadScanVerdictAsync(DeployImage image, ScanPolicy policy, AdvisoryAllowList allowList)
    {
        var name = image.Name;
        using var registry = new RegistryClient();
        var store = new ReferrerStore(registry, RegistryLogin());
        var records = new List<ScanRecord>();
        try
        {
            // The newest few are enough: the gate judges the newest, and a broken one should not hide an older good one.
            foreach (var descriptor in (await store.ListAsync(name, image.Digest, ScanRecord.ArtifactType)).Take(3))
            {
                try
                {
                    records.Add(ScanRecord.Parse(await store.ReadAsync(name, descriptor)));
                }
                catch (System.Text.Json.JsonException exception)
                {
                    Log.Warning("Scan record {Digest} of {Image} is not readable: {Message}", descriptor.Digest, image.Reference, exception.Message);
                }
            }
        }
        catch (HttpRequestException exception)
        {
            throw BuildFailedException.BadInput($"The scan records of {image.Reference} cannot be read: {exception.Message}. Check that the registry {name.Registry} is reachable.");
        }

        return policy.Evaluate(records, image.Digest, allowList, DateTimeOffset.UtcNow);
    }
}
