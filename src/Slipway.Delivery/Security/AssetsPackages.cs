using System.Text.Json;

namespace Slipway.Delivery.Security;

/// <summary>
/// Reads NuGet's restore output (<c>obj/project.assets.json</c>): every package a project resolved, transitive ones
/// included, and where in the global packages folder it lives.
/// </summary>
internal static class AssetsPackages
{
    public sealed record ResolvedPackage(string Id, string Version, string Folder);

    public static IReadOnlyList<ResolvedPackage> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var packageFolders = root.TryGetProperty("packageFolders", out var folders)
            ? folders.EnumerateObject().Select(f => f.Name).ToList()
            : [];
        var packages = new List<ResolvedPackage>();
        foreach (var library in root.GetProperty("libraries").EnumerateObject())
        {
            if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
            {
                continue;
            }

            var separator = library.Name.IndexOf('/', StringComparison.Ordinal);
            var id = library.Name[..separator];
            var version = library.Name[(separator + 1)..];
            var relative = library.Value.TryGetProperty("path", out var path) ? path.GetString() ?? string.Empty : string.Empty;
            var folder = packageFolders.Select(f => Path.Combine(f, relative)).FirstOrDefault(Directory.Exists)
                ?? Path.Combine(packageFolders.FirstOrDefault() ?? string.Empty, relative);
            packages.Add(new ResolvedPackage(id, version, folder));
        }

        return packages;
    }
}
