using System.Xml.Linq;
using Slipway.Engine.IO;

namespace Slipway.Delivery.DotNet;

/// <summary>A project and every project it references, directly or through others (its <c>ProjectReference</c> items).</summary>
internal static class ProjectReferences
{
    public static IReadOnlyList<AbsolutePath> Closure(AbsolutePath project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current) || !File.Exists(current))
            {
                continue;
            }

            foreach (var include in XDocument.Load(current).Descendants().Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => e.Attribute("Include")?.Value).OfType<string>())
            {
                // MSBuild accepts either separator in Include; the files are read on Linux too.
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include.Replace('\\', Path.DirectorySeparatorChar))));
            }
        }

        return [.. seen.Select(AbsolutePath.Create)];
    }
}
