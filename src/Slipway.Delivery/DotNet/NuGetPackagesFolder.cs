namespace Slipway.Delivery.DotNet;

/// <summary>NuGet's global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>), as Restore's cache sees it.</summary>
internal static class NuGetPackagesFolder
{
    public static string Path =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// The folder and how many packages it holds: clearing it (<c>dotnet nuget locals all --clear</c>, a fresh runner)
    /// changes this, so a cached Restore re-runs instead of leaving Compile without packages. Cheap on purpose: one
    /// directory listing, not a walk.
    /// </summary>
    public static string Fingerprint()
    {
        var folder = Path;
        return Directory.Exists(folder) ? $"{folder}: {Directory.EnumerateDirectories(folder).Count()} packages" : $"{folder}: missing";
    }
}
