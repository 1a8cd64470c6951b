using System.Text;
using System.Text.Json;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

public sealed class MaintenancePageTests
{
    private static readonly DateTimeOffset Until = new(2026, 12, 4, 14, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_map_holds_one_word_per_value_and_reads_back_as_the_same_page()
    {
        var page = new MaintenancePage { Message = "Back at 14:00; \"really\" <soon> 100 %", Until = Until, RetryAfter = TimeSpan.FromSeconds(45) };
        var lines = page.MapFile.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        var back = MaintenancePage.From(HaproxyOutputParser.ParseMap(string.Join('\n', entries.Select(e => $"0x55d1 {e.Key} {e.Value}"))));

        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Split(' ').Length), Has.All.EqualTo(2), "every value is one word: nothing for HAProxy to parse");
            Assert.That(entries["until"], Is.EqualTo("1796392800"));
            Assert.That(entries["retry_after"], Is.EqualTo("45"));
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(entries["json"])), Is.EqualTo(page.Json));
            Assert.That(back, Is.EqualTo(page));
        });
    }

    [Test]
    public void The_json_and_html_bodies_carry_the_message_as_text()
    {
        var page = new MaintenancePage { Message = "<script>alert(1)</script> & \"quotes\"", Until = Until };
        var json = JsonDocument.Parse(page.Json).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("maintenance"));
            Assert.That(json.GetProperty("message").GetString(), Is.EqualTo(page.Message));
            Assert.That(json.GetProperty("until").GetString(), Is.EqualTo("2026-12-04T14:00:00Z"));
            Assert.That(page.Html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;").And.Not.Contain("<script>"));
            Assert.That(page.Html, Does.Contain("Back by 2026-12-04 14:00 UTC."));
            Assert.That(new MaintenancePage { Message = "x" }.Json, Does.Contain("\"until\":null"));
        });
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("two\nlines")]
    public void A_message_must_be_one_non_empty_line(string message) =>
        Assert.That(MaintenancePage.MessageProblem(message), Does.Contain("one line of 1 to 1024 characters"));

    [Test]
    public void Map_commands_take_only_plain_words()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RuntimeApiCommands.AddMap("/var/lib/haproxy/maintenance.map", "json", "eyJhIjoxfQ=="), Is.EqualTo("add map /var/lib/haproxy/maintenance.map json eyJhIjoxfQ=="));
            Assert.That(() => RuntimeApiCommands.AddMap("/m.map", "json", "two words"), Throws.ArgumentException);
            Assert.That(() => RuntimeApiCommands.AddMap("/m.map", "json", "a;show info"), Throws.ArgumentException);
            Assert.That(() => RuntimeApiCommands.ClearMap("relative.map"), Throws.ArgumentException);
        });
    }
}
