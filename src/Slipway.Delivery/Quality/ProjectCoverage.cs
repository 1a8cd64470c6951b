namespace Slipway.Delivery.Quality;

/// <summary>Line coverage of one project (one assembly), merged over every test run that loaded it.</summary>
internal sealed record ProjectCoverage(string Project, int CoveredLines, int CoverableLines)
{
    public double Percent => CoverableLines == 0 ? 100 : 100.0 * CoveredLines / CoverableLines;

    /// <summary>Rounded down to one decimal, so a project just under the threshold never prints as meeting it.</summary>
    public string PercentText => $"{Math.Floor(Percent * 10) / 10:0.0}%";

    public override string ToString() => $"{Project} {PercentText} ({CoveredLines}/{CoverableLines} lines)";
}
