using System.Globalization;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>The lines a deploy or rollback leaves in the build summary (and so in GitHub's job summary), and its step outputs.</summary>
internal static class DeploySummary
{
    public static string Describe(DeployEnvironment environment, DeployOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(outcome);
        var record = outcome.Record;
        var what = record.Kind == DeployKind.Rollback ? "Rolled back" : record.Result == DeployResults.Unchanged ? "Already serving" : "Deployed";
        var switchTime = outcome.TimeToSwitch is { } time ? string.Create(CultureInfo.InvariantCulture, $", serving after {time.TotalSeconds:0.0} s") : string.Empty;
        return $"{what} {environment.Name}: {record.Version} ({RetainedVersionsReport.ShortDigest(record.Digest ?? "?")}) at {environment.Url}" +
            $"{switchTime}; previous {record.PreviousVersion ?? "none"}; record {record.Id}. {record.Message}{Canary(record)}{Smoke(record)}{Provenance(record)} [{outcome.DescribePhases()}]";
    }

    /// <summary>Each canary step with its figures, as the approver of the next environment reads them.</summary>
    internal static string Canary(DeployRecord record) =>
        record.Canary is not { Count: > 0 } steps
            ? string.Empty
            : " Canary: " + string.Join(", ", steps.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Percent} % {s.Verdict} ({s.Responses} responses, {s.Errors} errors, p95 {(s.P95Ms is { } p ? $"{p:0} ms" : "n/a")}, {s.DurationMs / 1000.0:0.#} s)"))) + ".";

    /// <summary>How many smoke checks passed before and after the switch.</summary>
    internal static string Smoke(DeployRecord record) =>
        record.Smoke is not { Count: > 0 } checks
            ? string.Empty
            : " Smoke: " + string.Join("; ", checks.GroupBy(c => c.Stage).Select(stage => string.Create(CultureInfo.InvariantCulture,
                $"{stage.Count(c => c.Verdict == "passed")}/{stage.Count()} passed through the {(stage.Key == "preview" ? "preview route" : "public endpoint")}"))) + ".";

    // Whether what production serves passed the environment before it, said where the approver and auditors look.
    private static string Provenance(DeployRecord record) =>
        (record.Release is { } release ? $" Release {release}." : string.Empty) +
        (record.Unverified is { } reason ? $" UNVERIFIED (deployed with --unverified: {reason})."
        : record.VerifiedBy is { } verified ? $" Verified: {verified}."
        : string.Empty) +
        (record.AcceptedRisk is { } risk ? $" ACCEPTED RISK (no passing scan record; --accept-risk: {risk})." : string.Empty);

    public static string DescribeFailure(DeployEnvironment environment, DeployImage image, BuildFailedException exception)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(exception);
        var what = exception.ExitCode switch
        {
            ExitCodes.DeployAborted => "ABORTED before the switch (exit 10; the previous version kept serving)",
            ExitCodes.RolledBack => "ROLLED BACK automatically (exit 11)",
            ExitCodes.EnvironmentLocked => "LOCKED (exit 12)",
            ExitCodes.DatabaseNeedsAttention => "FAILED, DATABASE NEEDS ATTENTION (exit 13; the previous version serves a half-migrated database)",
            _ => $"FAILED (exit {exception.ExitCode})",
        };
        return $"Deploy of {image.Reference} to {environment.Name} {what}: {exception.Message.Split('\n')[0].Trim()}";
    }

    /// <summary>
    /// In GitHub Actions, <c>url</c>, <c>version</c> and <c>record</c> as step outputs: the workflow's
    /// <c>environment.url</c> takes the URL, so GitHub's deployment (created for the job's environment) links to it.
    /// </summary>
    public static void WriteGitHubOutputs(string? outputFile, DeployEnvironment environment, DeployRecord record)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(outputFile))
        {
            return;
        }

        File.AppendAllText(outputFile, $"url={environment.Url}\nversion={record.Version}\nrecord={record.Id}\n");
    }
}
