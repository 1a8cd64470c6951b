using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Image;

public class ImageRecordFileTests
{
    [Test]
    public async Task RoundTripsThroughJson()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-record-").FullName;
        try
        {
            var path = Path.Combine(directory, "artifacts", "image.json");
            var record = new ImageRecord
            {
                Registry = "localhost:5000",
                Repository = "catalog-api",
                Tags = ["sha-1a2b3c4", "main"],
                References = ["localhost:5000/catalog-api:sha-1a2b3c4", "localhost:5000/catalog-api:main"],
                ImageId = "sha256:" + new string('a', 64),
                Version = "1.4.0",
                Revision = "1a2b3c4d",
                Labels = new Dictionary<string, string> { [ImageLabels.Version] = "1.4.0" },
                Digest = "sha256:" + new string('b', 64),
                DigestReference = "localhost:5000/catalog-api@sha256:" + new string('b', 64),
                PushedAt = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero),
            };

            await ImageRecordFile.WriteAsync(path, record);
            var json = await File.ReadAllTextAsync(path);
            var read = await ImageRecordFile.ReadAsync(path);

            Assert.That(json, Does.Contain("\"digestReference\": \"localhost:5000/catalog-api@sha256:bbbb"));
            Assert.That(read.Tags, Is.EqualTo(record.Tags));
            Assert.That(read.Labels, Is.EquivalentTo(record.Labels));
            Assert.That(read with { Tags = record.Tags, References = record.References, Labels = record.Labels, Platforms = record.Platforms, PlatformImages = record.PlatformImages, BaseImages = record.BaseImages },
                Is.EqualTo(record));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void AMissingRecord_TellsToRunDockerBuild()
    {
        var exception = Assert.ThrowsAsync<BuildFailedException>(() => ImageRecordFile.ReadAsync("/nonexistent/image.json"));

        Assert.That(exception!.Message, Does.Contain("DockerBuild"));
        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
    }

    [Test]
    public void TheDigestDockerPushReports_IsParsed() =>
        Assert.That(
            ImagePusher.ParseReportedDigest("abc: Pushed\nsha-1a2b3c4: digest: sha256:" + new string('c', 64) + " size: 1573\n"),
            Is.EqualTo("sha256:" + new string('c', 64)));
}
