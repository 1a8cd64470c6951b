namespace Catalog.Api.Items;

/// <summary>Validated paging parameters of the item list.</summary>
internal readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;
}
