using Slipway.Engine.IO;

namespace Slipway.Engine.Tests.Builds;

internal enum Stage
{
    Staging,
    Production,
}

/// <summary>Every supported parameter type, captured by the Show target for assertions.</summary>
internal sealed class ParameterBuild : SlipwayBuild
{
    public static ParameterBuild? Last { get; private set; }

    [Parameter("Plain text")] public readonly string? Name;
    [Parameter("A number")] public readonly int Count = 3;
    [Parameter("A fraction")] public readonly double Ratio;
    [Parameter("A flag")] public readonly bool DryRun;
    [Parameter("An enum")] public readonly Stage Stage = Stage.Staging;
    [Parameter("A list")] public readonly string[] Tags = [];
    [Parameter("A path")] public readonly AbsolutePath? Output;
    [Parameter("A duration")] public readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    [Parameter("A token"), Secret] public readonly string? ApiToken;
    [Parameter("Registry host")] public string? RegistryHost { get; init; }

    Target Show => _ => _.Executes(() =>
    {
        Last = this;
        Serilog.Log.Information("token is {Token}", ApiToken);
        Host.AddSummaryNote($"used token {ApiToken}");
    });

    Target Leak => _ => _.Executes(() => throw new InvalidOperationException($"request failed with token {ApiToken}"));

    Target Publish => _ => _.Requires(() => ApiToken).Executes(() => Last = this);
}
