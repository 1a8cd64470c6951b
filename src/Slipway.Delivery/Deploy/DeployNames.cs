using System.Text;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>Names of what a deploy creates on the host. Everything carries the environment's name, so environments never touch each other's things.</summary>
internal static class DeployNames
{
    /// <summary>The edge container and its volume, which also holds the deploy lock and the deploy log.</summary>
    public static string Edge(string environment) => EdgeContainerCommands.NameFor(environment);

    /// <summary>The app's data volume, shared by both colours (and by the one-off migration containers).</summary>
    public static string DataVolume(string environment) => $"slipway-{environment}-data";

    /// <summary>
    /// One container per deployed version: <c>slipway-staging-1.4.0-0123456789ab</c>. The digest part keeps two builds
    /// with the same version apart; a redeploy of the same digest replaces its stopped container.
    /// </summary>
    public static string AppContainer(string environment, string version, string digest)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(digest);
        var hex = digest.Contains(':', StringComparison.Ordinal) ? digest[(digest.IndexOf(':', StringComparison.Ordinal) + 1)..] : digest;
        return $"slipway-{environment}-{Slug(version)}-{hex[..Math.Min(12, hex.Length)]}";
    }

    /// <summary>A further replica of a version's container: <c>slipway-staging-1.4.0-0123456789ab-r2</c>.</summary>
    public static string Replica(string versionContainer, int replica) =>
        replica == 1 ? versionContainer : $"{versionContainer}-r{replica.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A one-off container (backup, migrate) of a deploy, named so a crashed run's leftover is recognisable and removable.</summary>
    public static string OneOff(string environment, string deployId, string purpose) => $"slipway-{environment}-{purpose}-{deployId}";

    /// <summary>
    /// The one container that previews a new version before a Swarm update (its smoke tests' preview stage): one per
    /// environment, so a crashed run's leftover is found and replaced by the next.
    /// </summary>
    public static string SwarmPreview(string environment) => $"slipway-{environment}-preview";

    /// <summary>Container names allow <c>[a-zA-Z0-9_.-]</c>: every other character (SemVer's <c>+</c>) becomes <c>-</c>.</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        var slug = builder.ToString().Trim('-', '.', '_');
        return slug.Length == 0 ? "unversioned" : slug[..Math.Min(40, slug.Length)];
    }
}
