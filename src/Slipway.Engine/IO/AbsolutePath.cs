namespace Slipway.Engine.IO;

/// <summary>
/// A normalized absolute path composed with <c>/</c> (NUKE's AbsolutePath): <c>RootDirectory / "artifacts" / "image.json"</c>.
/// Paths are never built by string concatenation in the build or the stages.
/// </summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string path;

    private AbsolutePath(string path)
    {
        this.path = path;
    }

    public string Name => System.IO.Path.GetFileName(path);

    public AbsolutePath? Parent => System.IO.Path.GetDirectoryName(path) is { } parent ? new AbsolutePath(parent) : null;

    public bool FileExists => File.Exists(path);

    public bool DirectoryExists => Directory.Exists(path);

    public static AbsolutePath Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!System.IO.Path.IsPathRooted(path))
        {
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        }

        return new AbsolutePath(Normalize(path));
    }

    /// <summary>Resolves <paramref name="path"/> against <paramref name="baseDirectory"/> unless it is rooted already.</summary>
    public static AbsolutePath Resolve(string path, AbsolutePath baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return Create(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(baseDirectory.path, path));
    }

    public static AbsolutePath operator /(AbsolutePath left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return Create(System.IO.Path.Combine(left.path, right));
    }

    public static implicit operator string(AbsolutePath path) => path?.path ?? string.Empty;

    public AbsolutePath Divide(string right) => this / right;

    public string GetRelativePathFrom(AbsolutePath baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return System.IO.Path.GetRelativePath(baseDirectory.path, path).Replace('\\', '/');
    }

    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(path);
        return this;
    }

    public override string ToString() => path;

    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(path, other.path, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as AbsolutePath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(path);

    public static bool operator ==(AbsolutePath? left, AbsolutePath? right) => Equals(left, right);

    public static bool operator !=(AbsolutePath? left, AbsolutePath? right) => !Equals(left, right);

    private static string Normalize(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar) : full;
    }
}
