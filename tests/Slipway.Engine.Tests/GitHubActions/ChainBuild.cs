using static Slipway.Engine.GitHubTokenAccess;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>Seed 004's three environments, in promotion order: the order of this enum is the order of the deploy jobs.</summary>
internal enum ChainEnvironment
{
    Development,
    Acceptance,
    Production,
}

/// <summary>
/// One Deploy target and one declaration with <c>ForEachValueOf</c>: the delivery workflow gets a deploy job per
/// environment, chained, each handing its image record to the next, without a target per environment.
/// </summary>
[GitHubActions("delivery", OnPushBranches = ["main"], InvokedTargets = [nameof(Push), nameof(Deploy)])]
[GitHubActionsJob(nameof(Push), Permissions = [PackagesWrite])]
[GitHubActionsJob(nameof(Deploy), ForEachValueOf = nameof(Environment), Permissions = [PackagesRead])]
internal sealed class ChainBuild : SlipwayBuild
{
    [Parameter("Environment to deploy to")] readonly ChainEnvironment? Environment;

    Target Push => _ => _.Produces("artifacts/image.json").Executes(() => { });

    Target Deploy => _ => _.Requires(() => Environment).After(Push).Consumes(Push).Produces("artifacts/image.json").Executes(() => { });
}

/// <summary>A chain over a parameter that is text: its values are not known when the workflow is written.</summary>
[GitHubActions("delivery", OnPushBranches = ["main"], InvokedTargets = [nameof(Deploy)])]
[GitHubActionsJob(nameof(Deploy), ForEachValueOf = nameof(Environment))]
internal sealed class TextChainBuild : SlipwayBuild
{
    [Parameter("Environment to deploy to")] readonly string? Environment;

    Target Deploy => _ => _.Requires(() => Environment).Executes(() => { });
}
