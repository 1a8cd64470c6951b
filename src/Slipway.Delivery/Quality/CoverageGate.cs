namespace Slipway.Delivery.Quality;

/// <summary>The per-project line-coverage gate of the Test target.</summary>
internal static class CoverageGate
{
    public const int DefaultThreshold = 80;

    /// <summary>The projects whose line coverage is below <paramref name="thresholdPercent"/>, lowest first.</summary>
    public static IReadOnlyList<ProjectCoverage> Below(IEnumerable<ProjectCoverage> projects, double thresholdPercent)
    {
        ArgumentNullException.ThrowIfNull(projects);
        return [.. projects.Where(p => p.Percent < thresholdPercent).OrderBy(p => p.Percent)];
    }

    /// <summary>Bad input (exit 2) unless the threshold is a percentage; 0 turns the check off.</summary>
    public static void Validate(int thresholdPercent)
    {
        if (thresholdPercent is < 0 or > 100)
        {
            throw Slipway.Engine.BuildFailedException.BadInput(
                $"--coverage-threshold must be a line-coverage percentage from 0 (off) to 100, not {thresholdPercent}.");
        }
    }
}
