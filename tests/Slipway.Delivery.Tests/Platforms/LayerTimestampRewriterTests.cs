using System.Formats.Tar;
using System.Text;
using Slipway.Delivery.Image;

namespace Slipway.Delivery.Tests.Platforms;

public class LayerTimestampRewriterTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void TwoLayers_DifferingOnlyInTimesAfterTheEpoch_BecomeTheSameBytes()
    {
        var first = Layer(Epoch.AddHours(3), Epoch.AddYears(-2));
        var second = Layer(Epoch.AddDays(9), Epoch.AddYears(-2));
        Assert.That(first, Is.Not.EqualTo(second), "the inputs differ before the rewrite");

        var (firstBytes, firstId) = Rewrite(first);
        var (secondBytes, secondId) = Rewrite(second);

        Assert.That(firstBytes, Is.EqualTo(secondBytes));
        Assert.That(firstId, Is.EqualTo(secondId).And.Match("^sha256:[0-9a-f]{64}$"));
    }

    [Test]
    public void TimesAfterTheEpoch_AreClamped_OlderOnesKept_AndTheTarStaysValid()
    {
        var old = Epoch.AddYears(-2);
        var (bytes, _) = Rewrite(Layer(Epoch.AddHours(3), old));

        using var reader = new TarReader(new MemoryStream(bytes));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "app/", "app/new.txt", "app/" + new string('l', 120) + ".txt", "usr/old.txt" }));
        Assert.That(entries[1].ModificationTime, Is.EqualTo(Epoch));
        Assert.That(entries[2].ModificationTime, Is.EqualTo(Epoch), "a long name goes through a PAX header, whose mtime is clamped too");
        Assert.That(entries[3].ModificationTime, Is.EqualTo(old));
        Assert.That(new StreamReader(entries[1].DataStream!).ReadToEnd(), Is.EqualTo("new"));
    }

    [Test]
    public void ALayerWithNothingNewer_NeedsNoRewrite()
    {
        var layer = Layer(Epoch.AddYears(-1), Epoch.AddYears(-2));

        Assert.That(LayerTimestampRewriter.NeedsRewrite(new MemoryStream(layer), Epoch.ToUnixTimeSeconds()), Is.False);
        Assert.That(LayerTimestampRewriter.NeedsRewrite(new MemoryStream(Layer(Epoch.AddSeconds(1), Epoch)), Epoch.ToUnixTimeSeconds()), Is.True);
    }

    [Test]
    public void TheConfigsCreatedTime_IsTheEpoch_AndLaterHistoryTimesAreClamped()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(
            """{"created":"2026-12-04T10:59:00.2088Z","history":[{"created":"2026-01-01T00:00:00Z"},{"created":"2026-12-04T10:58:00.1Z"}]}""")!;

        var rewritten = ImageTimestampNormalizer.RewriteConfig(config, Epoch).ToJsonString();

        Assert.That(rewritten, Is.EqualTo("""{"created":"2026-11-20T12:00:00Z","history":[{"created":"2026-01-01T00:00:00Z"},{"created":"2026-11-20T12:00:00Z"}]}"""));
    }

    private static (byte[] Bytes, string DiffId) Rewrite(byte[] layer)
    {
        using var output = new MemoryStream();
        var diffId = LayerTimestampRewriter.Rewrite(new MemoryStream(layer), output, Epoch.ToUnixTimeSeconds());
        return (output.ToArray(), diffId);
    }

    /// <summary>A layer as an engine writes one: a directory, new files (one with a long name, so PAX), an old file.</summary>
    private static byte[] Layer(DateTimeOffset built, DateTimeOffset old)
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "app/") { ModificationTime = built });
            writer.WriteEntry(File("app/new.txt", "new", built));
            writer.WriteEntry(File("app/" + new string('l', 120) + ".txt", "long", built));
            writer.WriteEntry(File("usr/old.txt", "old", old));
        }

        return stream.ToArray();
    }

    private static PaxTarEntry File(string name, string text, DateTimeOffset time) =>
        new(TarEntryType.RegularFile, name, new Dictionary<string, string> { ["mtime"] = time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            ModificationTime = time,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
        };
}
