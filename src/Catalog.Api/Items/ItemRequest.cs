namespace Catalog.Api.Items;

/// <summary>
/// The body of create (POST) and update (PUT): <c>{ "sku": "ABC-1", "name": "Widget", "price": 9.99, "stock": 3 }</c>.
/// Every field is nullable so a missing field is reported by <see cref="ItemValidator"/> as a per-field error instead of
/// silently becoming 0.
/// </summary>
internal sealed record ItemRequest(string? Sku, string? Name, decimal? Price, int? Stock);
