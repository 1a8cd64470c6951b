using System.Net;
using System.Net.Sockets;
using Slipway.Delivery.Docker;
using Slipway.Delivery.LocalInfra;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>The real engine, registry and stand-in images the integration tests need; a missing piece fails the test.</summary>
internal static class DockerTestEnvironment
{
    public static async Task<DockerEngine> ConnectAsync(string? dockerConfig = null)
    {
        TestLog.Enable();
        var status = await LocalDockerInfra.CheckAsync();
        if (!status.IsReady)
        {
            Assert.Fail(status.Describe());
        }

        return await DockerEngine.ConnectAsync(dockerConfig: dockerConfig);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Slipway.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Slipway.slnx not found above the test directory.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RandomCommit() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000";
}
