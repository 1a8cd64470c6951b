using System.Runtime.CompilerServices;

namespace Slipway.Engine;

public static class SlipwayBuildExtensions
{
    /// <summary>
    /// The bound value of a component's parameter, or default when none was given:
    /// <c>[Parameter("...")] int CoverageThreshold =&gt; this.GetParameter&lt;int?&gt;() ?? 80;</c>
    /// </summary>
    public static T? GetParameter<T>(this ISlipwayBuild build, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(build);
        return build.Context.Parameters.TryGet(name, out var value) && value is T typed ? typed : default;
    }
}
