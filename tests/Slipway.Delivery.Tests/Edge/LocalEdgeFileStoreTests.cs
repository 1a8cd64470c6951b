using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Edge;

public sealed class LocalEdgeFileStoreTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("sw-edge-state-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Nothing_saved_yet_loads_as_null() =>
        Assert.That(await new LocalEdgeFileStore(Path.Combine(directory, "server-state")).LoadAsync(), Is.Null);

    [Test]
    public async Task A_save_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(directory, "nested", "server-state");
        var store = new LocalEdgeFileStore(path);

        await store.SaveAsync(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown);
        await store.SaveAsync("1\n# be_id be_name\n");

        Assert.Multiple(async () =>
        {
            Assert.That(await store.LoadAsync(), Is.EqualTo("1\n# be_id be_name\n"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }));
        });
    }

    [Test]
    public async Task A_link_planted_at_the_old_temporary_name_is_not_followed()
    {
        // The edge's user owns the folder: a link where the temporary file used to go must not turn a root deploy's write into theirs.
        var victim = Path.Combine(directory, "victim");
        await File.WriteAllTextAsync(victim, "precious\n");
        var path = Path.Combine(directory, "server-state");
        File.CreateSymbolicLink(path + ".tmp", victim);

        await new LocalEdgeFileStore(path).SaveAsync("1\n# be_id be_name\n");

        Assert.Multiple(async () =>
        {
            Assert.That(await File.ReadAllTextAsync(victim), Is.EqualTo("precious\n"), "the link's target is untouched");
            Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("1\n# be_id be_name\n"));
            Assert.That(new FileInfo(path).LinkTarget, Is.Null, "the state file is a file of its own");
        });
    }

    [Test]
    public async Task A_state_file_that_is_a_planted_link_is_refused_and_its_target_untouched()
    {
        var victim = Path.Combine(directory, "victim");
        await File.WriteAllTextAsync(victim, "precious\n");
        var path = Path.Combine(directory, "server-state");
        File.CreateSymbolicLink(path, victim);
        var store = new LocalEdgeFileStore(path);

        var save = Assert.ThrowsAsync<BuildFailedException>(() => store.SaveAsync("1\n"));
        var load = Assert.ThrowsAsync<BuildFailedException>(() => store.LoadAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(save!.Message, Does.Contain("is a symbolic link").And.Contain(victim));
            Assert.That(load!.Message, Does.Contain("is a symbolic link"));
            Assert.That(await File.ReadAllTextAsync(victim), Is.EqualTo("precious\n"));
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "server-state", "victim" }),
                "no temporary file is left behind");
        });
    }
}
