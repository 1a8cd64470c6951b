using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Catalog.Api.Items;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Tests.Api;

[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class ItemsApiTests(TestProvider provider)
{
    private InMemoryCatalog catalog = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        catalog = await InMemoryCatalog.CreateAsync(provider);
        client = catalog.Client;
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }
    }

    [SetUp]
    public async Task EmptyCatalog()
    {
        await using var db = catalog.Database.CreateContext();
        await db.Items.ExecuteDeleteAsync();
    }

    [Test]
    public async Task Create_returns_201_with_location_and_the_item()
    {
        using var response = await client.PostAsJsonAsync("/api/v1/items", new { sku = "ABC-1", name = "Widget", price = 9.99m, stock = 3 });
        var item = await response.Content.ReadFromJsonAsync<ItemResponse>();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/api/v1/items/{item!.Id}"));
            Assert.That(item.Sku, Is.EqualTo("ABC-1"));
            Assert.That(item.Name, Is.EqualTo("Widget"));
            Assert.That(item.Price, Is.EqualTo(9.99m));
            Assert.That(item.Stock, Is.EqualTo(3));
            Assert.That(item.CreatedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(item.UpdatedAt, Is.EqualTo(item.CreatedAt));
        });
    }

    [Test]
    public async Task The_item_json_has_exactly_the_documented_fields()
    {
        var created = await CreateAsync("SHAPE-1");

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/items/{created.Id}"));

        Assert.That(json.RootElement.EnumerateObject().Select(property => property.Name),
            Is.EqualTo(new[] { "id", "sku", "name", "price", "stock", "createdAt", "updatedAt" }));
    }

    [Test]
    public async Task Get_returns_what_create_returned()
    {
        var created = await CreateAsync("GET-1");

        var fetched = await client.GetFromJsonAsync<ItemResponse>($"/api/v1/items/{created.Id}");

        Assert.That(fetched, Is.EqualTo(created));
    }

    [Test]
    public async Task Get_of_a_missing_item_is_a_404_problem()
    {
        using var response = await client.GetAsync("/api/v1/items/424242");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task List_pages_in_id_order()
    {
        var created = new List<ItemResponse>();
        for (var index = 1; index <= 5; index++)
        {
            created.Add(await CreateAsync($"PAGE-{index}"));
        }

        var page = await client.GetFromJsonAsync<ItemPage>("/api/v1/items?page=2&pageSize=2");
        var last = await client.GetFromJsonAsync<ItemPage>("/api/v1/items?page=3&pageSize=2");
        var beyond = await client.GetFromJsonAsync<ItemPage>("/api/v1/items?page=9&pageSize=2");
        var defaults = await client.GetFromJsonAsync<ItemPage>("/api/v1/items");

        Assert.Multiple(() =>
        {
            Assert.That(page!.Items.Select(item => item.Sku), Is.EqualTo(new[] { "PAGE-3", "PAGE-4" }));
            Assert.That((page.Page, page.PageSize, page.TotalCount, page.TotalPages), Is.EqualTo((2, 2, 5, 3)));
            Assert.That(last!.Items.Select(item => item.Sku), Is.EqualTo(new[] { "PAGE-5" }));
            Assert.That(beyond!.Items, Is.Empty);
            Assert.That(defaults!.PageSize, Is.EqualTo(20));
            Assert.That(defaults.Items, Is.EqualTo(created));
        });
    }

    [TestCase("pageSize=101", "pageSize")]
    [TestCase("pageSize=0", "pageSize")]
    [TestCase("page=0", "page")]
    [TestCase("page=abc", "page")]
    public async Task List_rejects_paging_out_of_range(string query, string field)
    {
        using var response = await client.GetAsync($"/api/v1/items?{query}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(Errors(problem).Keys, Is.EquivalentTo(new[] { field }));
    }

    [Test]
    public async Task Update_changes_the_item_and_its_updated_at()
    {
        var created = await CreateAsync("UPD-1");

        using var response = await client.PutAsJsonAsync($"/api/v1/items/{created.Id}", new { sku = "UPD-2", name = "Gadget", price = 1.5m, stock = 0 });
        var updated = await response.Content.ReadFromJsonAsync<ItemResponse>();
        var fetched = await client.GetFromJsonAsync<ItemResponse>($"/api/v1/items/{created.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((updated!.Sku, updated.Name, updated.Price, updated.Stock), Is.EqualTo(("UPD-2", "Gadget", 1.5m, 0)));
            Assert.That(updated.CreatedAt, Is.EqualTo(created.CreatedAt));
            Assert.That(updated.UpdatedAt, Is.GreaterThanOrEqualTo(created.UpdatedAt));
            Assert.That(fetched, Is.EqualTo(updated));
        });
    }

    [Test]
    public async Task Update_of_a_missing_item_is_404()
    {
        using var response = await client.PutAsJsonAsync("/api/v1/items/424242", new { sku = "X", name = "X", price = 1m, stock = 1 });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Update_to_another_items_sku_is_409()
    {
        await CreateAsync("TAKEN");
        var other = await CreateAsync("MINE");

        using var response = await client.PutAsJsonAsync($"/api/v1/items/{other.Id}", new { sku = "TAKEN", name = "X", price = 1m, stock = 1 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("TAKEN"));
    }

    [Test]
    public async Task Update_keeping_its_own_sku_is_allowed()
    {
        var created = await CreateAsync("SAME");

        using var response = await client.PutAsJsonAsync($"/api/v1/items/{created.Id}", new { sku = "SAME", name = "Renamed", price = 2m, stock = 2 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Delete_removes_the_item_once()
    {
        var created = await CreateAsync("DEL-1");

        using var first = await client.DeleteAsync($"/api/v1/items/{created.Id}");
        using var second = await client.DeleteAsync($"/api/v1/items/{created.Id}");
        using var get = await client.GetAsync($"/api/v1/items/{created.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_duplicate_sku_is_a_409_problem()
    {
        await CreateAsync("DUP-1");

        using var response = await client.PostAsJsonAsync("/api/v1/items", new { sku = "DUP-1", name = "Again", price = 1m, stock = 1 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("An item with SKU 'DUP-1' already exists."));
    }

    [Test]
    public async Task Concurrent_creates_of_one_sku_yield_one_item_and_conflicts()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(index =>
            client.PostAsJsonAsync("/api/v1/items", new { sku = "RACE-1", name = $"Racer {index}", price = 1m, stock = 1 })));

        var statuses = responses.Select(response => response.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await using var db = catalog.Database.CreateContext();
        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Count(status => status == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(statuses.Count(status => status == HttpStatusCode.Conflict), Is.EqualTo(5));
            Assert.That(await db.Items.CountAsync(item => item.Sku == "RACE-1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Invalid_fields_are_a_400_problem_listing_each_field()
    {
        using var response = await client.PostAsJsonAsync("/api/v1/items", new { sku = "", name = " ", price = -1m, stock = -5 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(Errors(problem).Keys, Is.EquivalentTo(new[] { "sku", "name", "price", "stock" }));
    }

    [TestCase("""{"sku":"A","name":"B","price":1,""", "body")]
    [TestCase("""not json""", "body")]
    [TestCase("""{"sku":"A","name":"B","price":"cheap","stock":1}""", "price")]
    [TestCase("""{"sku":"A","name":"B","price":1,"stock":1.5}""", "stock")]
    [TestCase("""[1,2]""", "body")]
    public async Task Malformed_json_is_a_400_problem_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/items", content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(Errors(problem).Keys, Is.EquivalentTo(new[] { field }));
    }

    [Test]
    public async Task An_empty_body_is_a_400_problem()
    {
        using var content = new StringContent(string.Empty, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/items", content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(Errors(problem).Keys, Is.EquivalentTo(new[] { "body" }));
    }

    [Test]
    public async Task Nothing_is_stored_when_validation_fails()
    {
        using var response = await client.PostAsJsonAsync("/api/v1/items", new { sku = "BAD", name = "Bad", price = -1m, stock = 1 });

        await using var db = catalog.Database.CreateContext();
        Assert.That(await db.Items.AnyAsync(), Is.False);
    }

    [Test]
    public async Task Rows_written_before_the_expand_migration_read_updated_at_as_created_at()
    {
        // What the previous version (which never sets UpdatedAt) writes while the new one already serves.
        var createdAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await using (var db = catalog.Database.CreateContext())
        {
            db.Items.Add(new Item { Sku = "OLD-1", Name = "Legacy", Price = 1m, Stock = 1, CreatedAt = createdAt, UpdatedAt = null });
            await db.SaveChangesAsync();
        }

        var page = await client.GetFromJsonAsync<ItemPage>("/api/v1/items");

        Assert.That(page!.Items.Single().UpdatedAt, Is.EqualTo(createdAt));
    }

    [Test]
    public async Task The_database_reports_its_own_unique_violations()
    {
        await using var db = catalog.Database.CreateContext();
        db.Items.Add(new Item { Sku = "UNIQ", Name = "One", Price = 1m, Stock = 1, CreatedAt = DateTimeOffset.UtcNow });
        db.Items.Add(new Item { Sku = "UNIQ", Name = "Two", Price = 1m, Stock = 1, CreatedAt = DateTimeOffset.UtcNow });

        var error = Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.That(db.IsUniqueViolation(error!), Is.True);
    }

    private async Task<ItemResponse> CreateAsync(string sku)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/items", new { sku, name = "Item " + sku, price = 4.2m, stock = 7 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ItemResponse>())!;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        });
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            Assert.That(problem.GetProperty("title").GetString(), Is.Not.Empty);
            Assert.That(problem.GetProperty("type").GetString(), Does.StartWith("https://"));
        });
        return problem;
    }

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
}
