using System.Globalization;
using System.Text.RegularExpressions;

namespace Catalog.Api.Items;

/// <summary>
/// Validation at the edge of the API (eShop's style): pure functions from raw input to either a normalised value or
/// per-field errors keyed by the JSON/query name, which the endpoints return as an RFC 7807 validation problem.
/// </summary>
internal static partial class ItemValidator
{
    // numeric(18,2) holds 16 digits before the point.
    private static readonly decimal MaxPrice = 10_000_000_000_000_000m;

    // Above this, (page - 1) * pageSize no longer fits the int that Skip takes.
    private const int MaxPage = int.MaxValue / PageRequest.MaxPageSize;

    /// <summary>Validates a create/update body; <paramref name="errors"/> is empty when <paramref name="item"/> is set.</summary>
    public static bool TryValidate(ItemRequest? request, out ValidatedItem? item, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        item = null;
        if (request is null)
        {
            errors["body"] = ["A JSON object with sku, name, price and stock is required."];
            return false;
        }

        var sku = request.Sku?.Trim();
        if (string.IsNullOrEmpty(sku))
        {
            errors["sku"] = ["The SKU is required."];
        }
        else if (sku.Length > Item.SkuMaxLength)
        {
            errors["sku"] = [$"The SKU must be at most {Item.SkuMaxLength} characters."];
        }
        else if (!SkuPattern().IsMatch(sku))
        {
            errors["sku"] = ["The SKU may contain only letters, digits, '-', '_' and '.', and must start with a letter or digit."];
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["The name is required."];
        }
        else if (name.Length > Item.NameMaxLength)
        {
            errors["name"] = [$"The name must be at most {Item.NameMaxLength} characters."];
        }

        if (request.Price is not { } price)
        {
            errors["price"] = ["The price is required."];
        }
        else if (price < 0)
        {
            errors["price"] = ["The price must not be negative."];
        }
        else if (decimal.Round(price, Item.PriceScale) != price)
        {
            errors["price"] = [$"The price must have at most {Item.PriceScale} decimal places."];
        }
        else if (price >= MaxPrice)
        {
            errors["price"] = [$"The price must be below {MaxPrice.ToString(CultureInfo.InvariantCulture)}."];
        }

        if (request.Stock is not { } stock)
        {
            errors["stock"] = ["The stock is required."];
        }
        else if (stock < 0)
        {
            errors["stock"] = ["The stock must not be negative."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        item = new ValidatedItem(sku!, name!, request.Price!.Value, request.Stock!.Value);
        return true;
    }

    /// <summary>Validates the list's query string; both values are optional.</summary>
    public static bool TryValidatePage(string? page, string? pageSize, out PageRequest request, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageNumber = 1;
        var size = PageRequest.DefaultPageSize;

        if (page is not null
            && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > MaxPage))
        {
            errors["page"] = [$"The page must be a whole number from 1 to {MaxPage}."];
        }

        if (pageSize is not null
            && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size)
                || size is < 1 or > PageRequest.MaxPageSize))
        {
            errors["pageSize"] = [$"The page size must be a whole number from 1 to {PageRequest.MaxPageSize}."];
        }

        request = new PageRequest(pageNumber, size);
        return errors.Count == 0;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SkuPattern();
}
