using System.Text.Json;
using System.Xml.Linq;

namespace Slipway.Delivery.Security;

/// <summary>
/// Which projects the security build analyses: every project the solution builds, except tests (which hold fake
/// credentials and loopback <c>http://</c> on purpose) and projects the solution does not build (the build project).
/// </summary>
internal static class SastScope
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every project the solution lists, built by it or not (relative paths).</summary>
    public static IReadOnlyList<string> AllProjects(XDocument slnx)
    {
        ArgumentNullException.ThrowIfNull(slnx);
        return [.. slnx.Descendants("Project").Select(p => ((string?)p.Attribute("Path") ?? string.Empty).Replace('\\', '/')).Where(p => p.Length > 0)];
    }

    public static IReadOnlyList<string> Projects(XDocument slnx)
    {
        ArgumentNullException.ThrowIfNull(slnx);
        return [.. slnx.Descendants("Project")
            .Where(p => !p.Elements("Build").Any(b => string.Equals((string?)b.Attribute("Project"), "false", StringComparison.OrdinalIgnoreCase)))
            .Select(p => ((string?)p.Attribute("Path") ?? string.Empty).Replace('\\', '/'))
            .Where(path => path.Length > 0 && !IsTestProject(path))];
    }

    /// <summary>A solution filter (<c>.slnf</c>) of those projects, for <c>dotnet build</c>.</summary>
    public static string SolutionFilter(string solutionPathFromFilter, IEnumerable<string> projects) =>
        JsonSerializer.Serialize(
            new { solution = new { path = solutionPathFromFilter, projects = projects.ToArray() } },
            Indented);

    private static bool IsTestProject(string path) =>
        path.StartsWith("tests/", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileNameWithoutExtension(path).EndsWith(".Tests", StringComparison.OrdinalIgnoreCase);
}
