using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>How Rehearse breaks Catalog.Api on purpose (docs/service.md, docs/workflows.md#the-pipeline-self-test).</summary>
sealed partial class Build
{
    /// <summary>
    /// Catalog.Api's own switch for a broken build: every API request answers 500 while health and status answer 200, so
    /// the readiness gate passes and only the bake can catch it. <c>--rehearsal-fault</c> or REHEARSAL_FAULT still wins.
    /// </summary>
    string? IRehearse.RehearsalFault => this.GetParameter<string>(nameof(IRehearse.RehearsalFault)) ?? "CATALOG_FAULT_5XX_PERCENT=100";

    /// <summary>The load must hit what the fault breaks: Catalog.Api serves nothing at <c>/</c>, and the fault spares all but the API.</summary>
    string? IRehearse.RehearsalPath => this.GetParameter<string>(nameof(IRehearse.RehearsalPath)) ?? "/api/v1/items";
}
