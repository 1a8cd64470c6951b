using Slipway.Engine.IO;

namespace Slipway.Delivery.Quality;

/// <summary>Turns the paths tools print (absolute, <c>file://</c> URIs, Windows separators) into repository-relative ones.</summary>
internal static class RepositoryPath
{
    public static string Relative(AbsolutePath root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(path, UriKind.Absolute, out var uri))
        {
            path = uri.LocalPath;
        }

        if (!Path.IsPathRooted(path))
        {
            return path.Replace('\\', '/');
        }

        var relative = AbsolutePath.Create(path).GetRelativePathFrom(root);
        return relative.StartsWith("../", StringComparison.Ordinal) ? path.Replace('\\', '/') : relative;
    }
}
