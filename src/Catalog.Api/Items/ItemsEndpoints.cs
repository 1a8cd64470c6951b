using Catalog.Api.Data;
using Catalog.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Items;

/// <summary>
/// The items resource, <c>/api/v1/items</c>: list (paged) and get for anyone; create, update and delete with a bearer
/// token, rate-limited per client.
/// </summary>
internal static class ItemsEndpoints
{
    public const string RoutePrefix = "/api/v1/items";

    public static IEndpointRouteBuilder MapItemsEndpoints(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup(RoutePrefix).WithTags("Items").RequireCors(CatalogSecurity.CorsPolicy);
        items.MapGet(string.Empty, ListItemsAsync).WithName("ListItems");
        items.MapGet("/{id:int}", GetItemAsync).WithName("GetItem");

        var writes = items.MapGroup(string.Empty)
            .RequireAuthorization(CatalogSecurity.WritePolicy)
            .RequireRateLimiting(CatalogSecurity.WritePolicy);
        writes.MapPost(string.Empty, CreateItemAsync).WithName("CreateItem");
        writes.MapPut("/{id:int}", UpdateItemAsync).WithName("UpdateItem");
        writes.MapDelete("/{id:int}", DeleteItemAsync).WithName("DeleteItem");
        return app;
    }

    public static async Task<Results<Ok<ItemPage>, ValidationProblem>> ListItemsAsync(
        string? page, string? pageSize, CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (!ItemValidator.TryValidatePage(page, pageSize, out var request, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var total = await db.Items.CountAsync(cancellationToken);
        var items = await db.Items.AsNoTracking()
            .OrderBy(item => item.Id)
            .Skip(request.Skip)
            .Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var totalPages = (int)((total + (long)request.PageSize - 1) / request.PageSize);
        return TypedResults.Ok(new ItemPage(request.Page, request.PageSize, total, totalPages, [.. items.Select(ItemResponse.From)]));
    }

    public static async Task<Results<Ok<ItemResponse>, NotFound>> GetItemAsync(
        int id, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(item => item.Id == id, cancellationToken);
        return item is null ? TypedResults.NotFound() : TypedResults.Ok(ItemResponse.From(item));
    }

    public static async Task<Results<Created<ItemResponse>, ValidationProblem, ProblemHttpResult>> CreateItemAsync(
        [FromBody] ItemRequest? request, CatalogDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ItemValidator.TryValidate(request, out var valid, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Items.AnyAsync(item => item.Sku == valid!.Sku, cancellationToken))
        {
            return DuplicateSku(valid!.Sku);
        }

        var now = Now(clock);
        var item = new Item
        {
            Sku = valid!.Sku,
            Name = valid.Name,
            Price = valid.Price,
            Stock = valid.Stock,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Items.Add(item);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            // Another request created the same SKU between the check above and this insert.
            return DuplicateSku(valid.Sku);
        }

        return TypedResults.Created($"{RoutePrefix}/{item.Id}", ItemResponse.From(item));
    }

    public static async Task<Results<Ok<ItemResponse>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateItemAsync(
        int id, [FromBody] ItemRequest? request, CatalogDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ItemValidator.TryValidate(request, out var valid, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var item = await db.Items.FirstOrDefaultAsync(item => item.Id == id, cancellationToken);
        if (item is null)
        {
            return TypedResults.NotFound();
        }

        if (item.Sku != valid!.Sku && await db.Items.AnyAsync(other => other.Sku == valid.Sku, cancellationToken))
        {
            return DuplicateSku(valid.Sku);
        }

        item.Sku = valid.Sku;
        item.Name = valid.Name;
        item.Price = valid.Price;
        item.Stock = valid.Stock;
        item.UpdatedAt = Now(clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            return DuplicateSku(valid.Sku);
        }

        return TypedResults.Ok(ItemResponse.From(item));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteItemAsync(
        int id, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Items.Where(item => item.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static ProblemHttpResult DuplicateSku(string sku) =>
        TypedResults.Problem(
            title: "Duplicate SKU",
            detail: $"An item with SKU '{sku}' already exists.",
            statusCode: StatusCodes.Status409Conflict);

    // PostgreSQL stores microseconds: truncating here makes a created item read back exactly as it was returned.
    private static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
