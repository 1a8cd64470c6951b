using Catalog.Api.Items;

namespace Catalog.Api.Tests.Unit;

public sealed class ItemValidatorTests
{
    [Test]
    public void A_valid_request_is_trimmed_and_accepted()
    {
        var valid = ItemValidator.TryValidate(new ItemRequest("  ABC-1 ", " Widget ", 9.99m, 3), out var item, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.True);
            Assert.That(errors, Is.Empty);
            Assert.That(item, Is.EqualTo(new ValidatedItem("ABC-1", "Widget", 9.99m, 3)));
        });
    }

    [Test]
    public void Every_invalid_field_gets_its_own_error()
    {
        var valid = ItemValidator.TryValidate(new ItemRequest("", "  ", -0.01m, -1), out var item, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.False);
            Assert.That(item, Is.Null);
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { "sku", "name", "price", "stock" }));
            Assert.That(errors["price"], Has.One.Contains("negative"));
            Assert.That(errors["stock"], Has.One.Contains("negative"));
        });
    }

    [Test]
    public void Missing_fields_are_required_rather_than_zero()
    {
        ItemValidator.TryValidate(new ItemRequest(null, null, null, null), out _, out var errors);

        Assert.That(errors.Values.Select(messages => messages.Single()), Has.All.Contains("required"));
        Assert.That(errors, Has.Count.EqualTo(4));
    }

    [Test]
    public void A_missing_body_is_reported_against_body()
    {
        ItemValidator.TryValidate(null, out _, out var errors);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "body" }));
    }

    [TestCase("has space")]
    [TestCase("-leading-dash")]
    [TestCase("sémantique")]
    public void A_sku_outside_the_allowed_characters_is_rejected(string sku)
    {
        ItemValidator.TryValidate(new ItemRequest(sku, "Widget", 1m, 1), out _, out var errors);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "sku" }));
    }

    [Test]
    public void Lengths_match_the_columns()
    {
        var tooLong = new ItemRequest(new string('A', Item.SkuMaxLength + 1), new string('n', Item.NameMaxLength + 1), 1m, 1);
        var longest = new ItemRequest(new string('A', Item.SkuMaxLength), new string('n', Item.NameMaxLength), 1m, 1);

        ItemValidator.TryValidate(tooLong, out _, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { "sku", "name" }));
            Assert.That(ItemValidator.TryValidate(longest, out _, out _), Is.True);
        });
    }

    [TestCase("0.001")]
    [TestCase("10000000000000000")]
    public void A_price_that_the_column_cannot_hold_is_rejected(string price)
    {
        var request = new ItemRequest("ABC", "Widget", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), 1);

        ItemValidator.TryValidate(request, out _, out var errors);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "price" }));
    }

    [Test]
    public void Zero_price_and_stock_are_allowed()
    {
        Assert.That(ItemValidator.TryValidate(new ItemRequest("FREE", "Sample", 0m, 0), out _, out _), Is.True);
    }

    [TestCase(null, null, 1, PageRequest.DefaultPageSize)]
    [TestCase("3", "100", 3, 100)]
    [TestCase("1", "1", 1, 1)]
    public void Paging_defaults_and_limits(string? page, string? pageSize, int expectedPage, int expectedSize)
    {
        var valid = ItemValidator.TryValidatePage(page, pageSize, out var request, out _);

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.True);
            Assert.That(request, Is.EqualTo(new PageRequest(expectedPage, expectedSize)));
        });
    }

    [TestCase("0", null, "page")]
    [TestCase("abc", null, "page")]
    [TestCase("-1", null, "page")]
    [TestCase("99999999", null, "page")]
    [TestCase(null, "101", "pageSize")]
    [TestCase(null, "0", "pageSize")]
    [TestCase(null, "ten", "pageSize")]
    public void Out_of_range_paging_is_rejected_per_field(string? page, string? pageSize, string field)
    {
        var valid = ItemValidator.TryValidatePage(page, pageSize, out _, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.False);
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
        });
    }

    [Test]
    public void The_largest_page_still_fits_the_skip_count()
    {
        ItemValidator.TryValidatePage((int.MaxValue / PageRequest.MaxPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture), "100", out var request, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(request.Skip, Is.Positive);
        });
    }
}
