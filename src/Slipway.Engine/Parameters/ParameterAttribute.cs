namespace Slipway.Engine;

/// <summary>
/// Marks a field or property as a build parameter, filled from <c>--kebab-case</c> arguments, environment variables
/// and <c>.nuke/parameters*.json</c>. On component interfaces, declare a get-only property that reads its value:
/// <c>[Parameter("...")] int CoverageThreshold =&gt; this.GetParameter&lt;int?&gt;() ?? 80;</c>
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Overrides the member name as the parameter's name.</summary>
    public string? Name { get; init; }
}
