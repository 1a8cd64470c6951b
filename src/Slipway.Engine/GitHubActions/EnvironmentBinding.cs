namespace Slipway.Engine.GitHubActions;

/// <summary>A step variable set from secrets or configuration variables, the first non-empty of <see cref="Sources"/>.</summary>
internal sealed record EnvironmentBinding(string Variable, string Context, IReadOnlyList<string> Sources)
{
    public string Expression => "${{ " + string.Join(" || ", Sources.Select(s => $"{Context}.{s}")) + " }}";
}
