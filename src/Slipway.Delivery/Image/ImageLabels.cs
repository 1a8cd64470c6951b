using System.Globalization;

namespace Slipway.Delivery.Image;

/// <summary>The OCI annotation keys (image-spec annotations.md) an image carries as labels, and Slipway's own.</summary>
internal static class ImageLabels
{
    public const string Source = "org.opencontainers.image.source";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Version = "org.opencontainers.image.version";
    public const string Created = "org.opencontainers.image.created";
    public const string Title = "org.opencontainers.image.title";

    /// <summary>
    /// Slipway's schema fingerprint (<see cref="SchemaFingerprint"/>): a deploy whose image carries the fingerprint the
    /// environment's database was last migrated to skips the backup and the migrations.
    /// </summary>
    public const string Schema = "org.slipway.schema";

    public static IReadOnlyDictionary<string, string> For(
        string title, string version, string revision, DateTimeOffset created, string? source)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Title] = title,
            [Version] = version,
            [Revision] = revision,
            [Created] = FormatCreated(created),
        };
        if (!string.IsNullOrEmpty(source))
        {
            labels[Source] = source;
        }

        return labels;
    }

    /// <summary>RFC 3339 in UTC, whole seconds, as the annotation spec asks.</summary>
    public static string FormatCreated(DateTimeOffset created) =>
        created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
