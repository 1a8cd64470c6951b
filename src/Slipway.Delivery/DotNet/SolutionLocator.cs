using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.DotNet;

/// <summary>
/// The solution a repository builds, found by NUKE's convention: the one <c>*.slnx</c> or <c>*.sln</c> file at its
/// root. A build with several (or none there) names its own by re-implementing <c>IHazSolution.Solution</c>.
/// </summary>
internal static class SolutionLocator
{
    public static AbsolutePath Find(AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var candidates = Directory.EnumerateFiles(root, "*.sln*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".sln", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Choose(root, candidates.Select(Path.GetFileName).OfType<string>().ToList());
    }

    /// <summary>The choice alone, on file names: one solution wins; none or several is bad input naming the fix.</summary>
    public static AbsolutePath Choose(AbsolutePath root, IReadOnlyList<string> fileNames)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(fileNames);
        const string Fix = "name it in the build class: AbsolutePath IHazSolution.Solution => RootDirectory / \"<name>.slnx\";";
        return fileNames.Count switch
        {
            1 => root / fileNames[0],
            0 => throw BuildFailedException.BadInput(
                $"No solution (*.slnx or *.sln) at the repository root {root}. Create one (dotnet new sln, dotnet sln add ...) or {Fix}"),
            _ => throw BuildFailedException.BadInput(
                $"Several solutions at the repository root ({string.Join(", ", fileNames)}): {Fix}"),
        };
    }
}
