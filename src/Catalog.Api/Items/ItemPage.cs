namespace Catalog.Api.Items;

/// <summary>One page of the item list, ordered by id.</summary>
internal sealed record ItemPage(int Page, int PageSize, int TotalCount, int TotalPages, IReadOnlyList<ItemResponse> Items);
