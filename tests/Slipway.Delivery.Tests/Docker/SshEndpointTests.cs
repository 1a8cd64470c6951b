using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Tests.Docker;

public class SshEndpointTests
{
    [Test]
    public void AUserHostAndPort_AreRead_AndThePortGoesIntoTheKnownHostsName()
    {
        var endpoint = SshEndpoint.FromDockerHost("ssh://deploy@app-1.example.com:2222");

        Assert.That(endpoint, Is.EqualTo(new SshEndpoint("deploy", "app-1.example.com", 2222)));
        Assert.That(endpoint!.Destination, Is.EqualTo("deploy@app-1.example.com"));
        Assert.That(endpoint.KnownHostsName, Is.EqualTo("[app-1.example.com]:2222"));
        Assert.That(endpoint.ToString(), Is.EqualTo("deploy@app-1.example.com:2222"));
    }

    [TestCase("ssh://root@10.0.0.5", "root", "10.0.0.5")]
    [TestCase("ssh://root@10.0.0.5:22", "root", "10.0.0.5")]
    [TestCase("ssh://10.0.0.5/", null, "10.0.0.5")]
    [TestCase("SSH://Root@Host.Example.com", "Root", "host.example.com")]
    public void OnPort22_TheKnownHostsNameIsTheBareHost(string dockerHost, string? user, string host)
    {
        var endpoint = SshEndpoint.FromDockerHost(dockerHost)!;

        Assert.That(endpoint.User, Is.EqualTo(user));
        Assert.That(endpoint.Host, Is.EqualTo(host));
        Assert.That(endpoint.Port, Is.EqualTo(22));
        Assert.That(endpoint.KnownHostsName, Is.EqualTo(host));
    }

    [Test]
    public void AnIPv6Literal_LosesItsBrackets_ExceptAroundAPort()
    {
        var endpoint = SshEndpoint.FromDockerHost("ssh://root@[fd00::2]:2222")!;

        Assert.That(endpoint.Host, Is.EqualTo("fd00::2"));
        Assert.That(endpoint.KnownHostsName, Is.EqualTo("[fd00::2]:2222"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("unix:///var/run/docker.sock")]
    [TestCase("tcp://10.0.0.5:2376")]
    public void AnyOtherScheme_IsNoSshEndpoint(string? dockerHost) => Assert.That(SshEndpoint.FromDockerHost(dockerHost), Is.Null);

    [TestCase("ssh://root:secret@10.0.0.5")]
    [TestCase("ssh://root@10.0.0.5/var/run/docker.sock")]
    [TestCase("ssh://root@10.0.0.5?x=1")]
    [TestCase("ssh://")]
    public void APasswordPathOrQuery_IsRefused(string dockerHost) =>
        Assert.That(() => SshEndpoint.FromDockerHost(dockerHost), Throws.TypeOf<FormatException>());
}
