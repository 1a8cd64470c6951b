using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>How this repository's test projects share the machine (README, "Tests").</summary>
sealed partial class Build
{
    /// <summary>
    /// One test project more than cores: the deploys to other hosts (Slipway.Delivery.Hosts.Tests) mostly wait on
    /// namespaced engines booting, sshd and Swarm converging, so a third project beside the two that keep both cores busy
    /// fills the cores instead of running alone at the end (measured in CI's run: 30–80 % of the cores busy while they
    /// ran alone). <c>--test-projects-at-once</c> still wins; <c>--parallel 1</c> runs them one after another.
    /// </summary>
    int ITest.TestProjectsAtOnce => this.GetParameter<int?>(nameof(ITest.TestProjectsAtOnce)) ?? Context.Parallelism + 1;
}
