namespace Catalog.Api.Items;

/// <summary>A catalog item as stored; the API exposes it as <see cref="ItemResponse"/>.</summary>
internal sealed class Item
{
    public const int SkuMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int PricePrecision = 18;
    public const int PriceScale = 2;

    public int Id { get; set; }

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public decimal Price { get; set; }

    public int Stock { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Null for rows written by a version that predates migration AddItemUpdatedAt (the expand step): during a deploy the
    /// old colour still writes rows without it, so readers fall back to <see cref="CreatedAt"/>. A later contract
    /// migration may make it NOT NULL once no running version omits it.
    /// </summary>
    public DateTimeOffset? UpdatedAt { get; set; }
}
