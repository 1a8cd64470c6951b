namespace Catalog.Api.Items;

/// <summary>An <see cref="ItemRequest"/> that passed validation, normalised (trimmed) and with no missing field.</summary>
internal sealed record ValidatedItem(string Sku, string Name, decimal Price, int Stock);
