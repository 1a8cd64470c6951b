using System.Globalization;
using System.Xml.Linq;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Reads Cobertura files (coverlet's output, one per test project) and merges them per assembly: a line counts as
/// covered when any run hit it, so a project tested by two test projects gets the union, as ReportGenerator shows it.
/// </summary>
internal static class CoberturaReader
{
    public static IReadOnlyList<ProjectCoverage> ReadMerged(IEnumerable<string> coberturaFiles)
    {
        ArgumentNullException.ThrowIfNull(coberturaFiles);
        var lines = new Dictionary<string, Dictionary<(string File, int Line), bool>>(StringComparer.Ordinal);
        foreach (var file in coberturaFiles)
        {
            Merge(XDocument.Load(file), lines);
        }

        return [.. lines
            .Select(p => new ProjectCoverage(p.Key, p.Value.Count(l => l.Value), p.Value.Count))
            .OrderBy(p => p.Project, StringComparer.Ordinal)];
    }

    public static IReadOnlyList<ProjectCoverage> Read(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var lines = new Dictionary<string, Dictionary<(string File, int Line), bool>>(StringComparer.Ordinal);
        Merge(document, lines);
        return [.. lines.Select(p => new ProjectCoverage(p.Key, p.Value.Count(l => l.Value), p.Value.Count)).OrderBy(p => p.Project, StringComparer.Ordinal)];
    }

    private static void Merge(XDocument document, Dictionary<string, Dictionary<(string File, int Line), bool>> lines)
    {
        // File names are relative to one of the report's <source> roots, and each test run picks its own roots
        // (src/ for one, src/Slipway.Engine/ for another): lines are keyed by the full path, or they would count twice.
        var sources = document.Descendants("source").Select(s => s.Value.Trim()).Where(s => s.Length > 0).ToList();
        foreach (var package in document.Descendants("package"))
        {
            var name = (string?)package.Attribute("name") ?? "?";
            if (!lines.TryGetValue(name, out var packageLines))
            {
                packageLines = [];
                lines[name] = packageLines;
            }

            foreach (var @class in package.Descendants("class"))
            {
                var fileName = FullPath((string?)@class.Attribute("filename") ?? string.Empty, sources);

                // <class><lines> only: <methods> repeat the same lines.
                foreach (var line in @class.Elements("lines").Elements("line"))
                {
                    var number = int.Parse((string?)line.Attribute("number") ?? "0", CultureInfo.InvariantCulture);
                    var hit = long.Parse((string?)line.Attribute("hits") ?? "0", CultureInfo.InvariantCulture) > 0;
                    var key = (fileName, number);
                    packageLines[key] = hit || (packageLines.TryGetValue(key, out var before) && before);
                }
            }
        }
    }

    private static string FullPath(string fileName, List<string> sources)
    {
        if (Path.IsPathRooted(fileName) || sources.Count == 0)
        {
            return fileName.Replace('\\', '/');
        }

        var candidates = sources.Select(source => Path.GetFullPath(Path.Combine(source, fileName)).Replace('\\', '/')).ToList();
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }
}
