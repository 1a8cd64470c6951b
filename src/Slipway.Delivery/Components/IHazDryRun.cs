using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// <c>--dry-run</c>, shared by the stages that can print their plan instead of running it (Release, Rollback): one
/// declaration, so a component never reads another's parameter by its name as a string.
/// </summary>
public interface IHazDryRun : ISlipwayBuild
{
    [Parameter("Print every step and change nothing")]
    bool DryRun => this.GetParameter<bool?>() ?? false;
}
