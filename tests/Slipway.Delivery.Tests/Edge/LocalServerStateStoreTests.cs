using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

public sealed class LocalServerStateStoreTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("sw-edge-state-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Nothing_saved_yet_loads_as_null() =>
        Assert.That(await new LocalServerStateStore(Path.Combine(directory, "server-state")).LoadAsync(), Is.Null);

    [Test]
    public async Task A_save_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(directory, "nested", "server-state");
        var store = new LocalServerStateStore(path);

        await store.SaveAsync(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown);
        await store.SaveAsync("1\n# be_id be_name\n");

        Assert.Multiple(async () =>
        {
            Assert.That(await store.LoadAsync(), Is.EqualTo("1\n# be_id be_name\n"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }));
        });
    }
}
