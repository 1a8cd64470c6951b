using Slipway.Delivery.Components;
using Slipway.Engine;
using Slipway.Engine.IO;

/// <summary>
/// What the image of Catalog.Api is called and where its migrations live, and the refresh of the Dockerfile's pinned
/// base images (docs/image.md).
/// </summary>
sealed partial class Build : IRefreshBasePins
{
    Target RefreshBasePins => _ => _.Inherit<IRefreshBasePins>();

    /// <summary>Local builds name the image as they always have; CI passes IMAGE_REPOSITORY or github.repository.</summary>
    string IHazImage.ImageRepository =>
        (this.GetParameter<string>(nameof(IHazImage.ImageRepository)) ?? "slipway/catalog-api").ToLowerInvariant();

    string? IDockerBuild.ImageTitle => "Catalog.Api";

    /// <summary>Both providers' EF Core migrations: a change to either changes the schema fingerprint.</summary>
    IReadOnlyList<AbsolutePath> IDockerBuild.MigrationSources =>
    [
        RootDirectory / "src" / "Catalog.Api" / "Data" / "Migrations" / "Sqlite",
        RootDirectory / "src" / "Catalog.Api" / "Data" / "Migrations" / "Postgres",
    ];
}
