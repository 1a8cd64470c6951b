namespace Catalog.Api.Items;

/// <summary>An item as the API returns it.</summary>
internal sealed record ItemResponse(
    int Id,
    string Sku,
    string Name,
    decimal Price,
    int Stock,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ItemResponse From(Item item) =>
        new(item.Id, item.Sku, item.Name, item.Price, item.Stock, item.CreatedAt, item.UpdatedAt ?? item.CreatedAt);
}
