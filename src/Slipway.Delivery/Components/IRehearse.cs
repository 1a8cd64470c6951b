using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Rehearsal;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// The pipeline's self-test on staging (seed 004's pipeline-test): deploys the current version, a deliberately broken
/// build of it — the same image with <c>--rehearsal-fault</c>'s setting — expecting the automatic rollback (exit 11),
/// rolls back by hand and forward again, with a load on the public endpoint throughout; reports each phase's time and
/// every failed request. Exit 0 when the rollbacks worked, 1 when the broken build stayed live.
/// </summary>
public interface IRehearse : IDeploy
{
    [Parameter("Rehearse: the environment setting NAME=VALUE that makes the app fail once it serves, for the deliberately broken build (e.g. FAIL_PERCENT=100)"), GitHubActionsVariable]
    string? RehearsalFault => this.GetParameter<string>();

    [Parameter("Rehearse: the path the load requests on the public endpoint, one the broken build fails (default /)"), GitHubActionsVariable]
    string? RehearsalPath => this.GetParameter<string>();

    Target Rehearse => _ => _
        .Description("Rehearse delivery on staging: deploy the current version, a broken build of it (expects the automatic rollback), roll back by hand and forward; times and failed requests")
        .Requires(() => NotificationsAreConfigured)
        .Reports("artifacts/incidents")
        .After<IPush>()
        .Consumes<IPush>()
        .Executes(async () => await RehearseAsync(firstDeploy: false));

    /// <summary>
    /// The rehearsal, for Rehearse and for Demo. With <paramref name="firstDeploy"/> (Demo), an environment that never
    /// served another version is rehearsed without the rollbacks by hand, instead of refused; and the version serving
    /// at the end is printed with the environment's URL.
    /// </summary>
    internal async Task RehearseAsync(bool firstDeploy)
    {
        // Everything a rehearsal could be refused for is checked before staging changes.
        // Not a Requires: a scheduled workflow has no inputs, so it comes from the variable REHEARSAL_FAULT there.
        var (faultName, faultValue) = BrokenBuild.ParseFault(RehearsalFault ?? throw BuildFailedException.BadInput(
            "Rehearse needs the setting that breaks your app once it serves: --rehearsal-fault NAME=VALUE (e.g. FAIL_PERCENT=100), or REHEARSAL_FAULT in the environment."));
        if (DryRun)
        {
            throw BuildFailedException.BadInput("Rehearse has no dry run: it exists to change staging and watch it recover. Run Deploy or Rollback with --dry-run to see their plans.");
        }

        var environment = ResolveEnvironment(StagingEnvironment.Name);
        var target = Uri.TryCreate(environment.Url, RehearsalPath ?? "/", out var url) && url.Host == environment.Url.Host ? url
            : throw BuildFailedException.BadInput($"--rehearsal-path '{RehearsalPath}' is not a path on {environment.Url}: give one such as /items.");
        await using var host = await DeployHost.ConnectAsync(environment, SshCredentials);
        var current = Image is null && !ImageRecordPath.FileExists ? await LiveImageAsync(host) : await StagingImageAsync();
        var servedEarlier = (await host.ReadLogAsync()).Any(r => r.Kind == DeployKind.Deploy && r.Result == DeployResults.Succeeded && r.Digest != current.Digest);
        if (!servedEarlier && !firstDeploy)
        {
            throw BuildFailedException.BadInput(
                $"{environment.Name} has never served a version other than {current.Reference}, so a rollback by hand would have nowhere to go: " +
                $"deploy an earlier version there first (./build.sh DeployStaging on an earlier commit), then rehearse.");
        }

        if (!servedEarlier && await LiveVersionAsync(host) is null)
        {
            // Nothing serves yet (Demo on a new machine): requests before the first version would fail by definition, so
            // the load starts once it serves, and the rehearsal's own first deploy finds it already serving.
            await DeployAsync(environment.Name, current);
        }

        await using var load = new RehearsalLoad(target);
        var report = await new RehearsalRunner(load).RunAsync(environment.Name, current, new RehearsalSteps(
            image => DeployAsync(environment.Name, image),
            image => BrokenBuild.BuildAndPushAsync(host.Engine, image, faultName, faultValue, TemporaryDirectory),
            servedEarlier ? to => new RollbackRunner(host).RollbackAsync(new RollbackRequest { To = to, Who = DeployedBy, CiRunUrl = CiRunUrl, Force = Force }) : null));
        Console.Out.WriteLine(report.Describe());
        Host.AddSummaryNote(report.Describe());
        if (firstDeploy)
        {
            var serving = $"{environment.Name} serves {(await LiveVersionAsync(host))?.Version ?? "nothing"} at {environment.Url}";
            Console.Out.WriteLine(serving);
            Host.AddSummaryNote(serving);
        }
    }

    private static async Task<AppContainer?> LiveVersionAsync(DeployHost host)
    {
        var edge = await host.Edge.TryOpenExistingAsync();
        return edge is null ? null : (await host.SnapshotAsync(edge, edgeRunning: true)).Live;
    }

    private static async Task<DeployImage> LiveImageAsync(DeployHost host)
    {
        var live = await LiveVersionAsync(host);
        if (live is null)
        {
            throw BuildFailedException.BadInput(
                $"Nothing serves {host.Environment.Name}, and this run pushed no image: run Push first (or pass --image registry/repository@sha256:...), " +
                "or deploy a version there to rehearse against.");
        }

        Log.Information("No image from Push and no --image: rehearsing with the version {Environment} serves, {Image} ({Version})", host.Environment.Name, live.Image, live.Version);
        return DeployImage.FromReference(live.Image);
    }
}
