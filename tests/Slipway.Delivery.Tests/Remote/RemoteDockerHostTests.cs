using System.Formats.Tar;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>The test host itself: an image reaches its engine, and its teardown removes everything it made, and only that.</summary>
[NonParallelizable]
public class RemoteDockerHostTests
{
    [Test]
    public async Task AnImageLoadedIntoTheHost_IsSeenOverSsh_AndTheTeardownLeavesNothing()
    {
        TestLog.Enable();
        var image = $"slipway-test/remote-load:{Guid.NewGuid().ToString("N")[..8]}";
        await ImportTinyImageAsync(image);
        var host = await RemoteDockerHost.StartAsync();
        var name = host.Name;
        try
        {
            await host.LoadImageAsync(image);
            await using var access = await SshAccess.PrepareAsync(host.DockerHost, host.Credentials);
            var inspect = await ToolRunner.RunAsync(access.Apply(
                new ToolInvocation("docker", "--host", host.DockerHost, "image", "inspect", "--format", "{{.Id}}", image) { LogOutput = false }));

            Assert.That(inspect.ExitCode, Is.EqualTo(0), inspect.StandardError);
            Assert.That(inspect.StandardOutput, Does.StartWith("sha256:"));
        }
        finally
        {
            await host.DisposeAsync();
            await ToolRunner.RunAsync(new ToolInvocation("docker", "image", "rm", "--force", image) { LogOutput = false });
        }

        var namespaces = (await ToolRunner.RunAsync(new ToolInvocation("ip", "netns", "list") { LogOutput = false })).StandardOutput;
        var links = (await ToolRunner.RunAsync(new ToolInvocation("ip", "-o", "link", "show") { LogOutput = false })).StandardOutput;
        Assert.That(namespaces, Does.Not.Contain(name));
        Assert.That(links, Does.Not.Contain(name));
        Assert.That(Directory.Exists(host.StateDirectory), Is.False);
        Assert.That(Directory.Exists(host.DataRoot), Is.False);
        Assert.That(Directory.Exists(host.ExecRoot), Is.False);
        Assert.That(File.Exists($"/run/docker-{name}.sock"), Is.False);
        Assert.That(ProcessTable.CommandLines().Where(p => p.CommandLine.Contains(name, StringComparison.Ordinal)), Is.Empty);
        Assert.That((await ToolRunner.RunAsync(new ToolInvocation("docker", "version") { LogOutput = false })).ExitCode, Is.EqualTo(0), "the machine's own engine");
    }

    // An image of one small file: enough to prove the transfer without seconds of save and load.
    private static async Task ImportTinyImageAsync(string image)
    {
        var archive = Path.Combine(Path.GetTempPath(), $"slipway-tiny-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var stream = File.Create(archive))
            await using (var writer = new TarWriter(stream))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hello from the remote host\n"u8.ToArray()) };
                await writer.WriteEntryAsync(entry);
            }

            (await ToolRunner.RunAsync(new ToolInvocation("docker", "import", archive, image) { LogOutput = false })).EnsureSuccess();
        }
        finally
        {
            File.Delete(archive);
        }
    }
}
