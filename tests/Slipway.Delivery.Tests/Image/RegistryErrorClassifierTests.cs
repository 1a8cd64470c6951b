using Slipway.Delivery.Image;

namespace Slipway.Delivery.Tests.Image;

public class RegistryErrorClassifierTests
{
    [TestCase("Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", RegistryFailureKind.Transient)]
    [TestCase("received unexpected HTTP status: 503 Service Unavailable", RegistryFailureKind.Transient)]
    [TestCase("toomanyrequests: You have reached your pull rate limit", RegistryFailureKind.Transient)]
    [TestCase("net/http: TLS handshake timeout", RegistryFailureKind.Transient)]
    [TestCase("Error response from daemon: login attempt to http://127.0.0.1:5091/v2/ failed with status: 401 Unauthorized", RegistryFailureKind.Unauthorized)]
    [TestCase("unauthorized: authentication required", RegistryFailureKind.Unauthorized)]
    [TestCase("denied: requested access to the resource is denied", RegistryFailureKind.Unauthorized)]
    [TestCase("An image does not exist locally with the tag: localhost:5000/x", RegistryFailureKind.Permanent)]
    public void Classifies(string output, object kind) =>
        Assert.That(RegistryErrorClassifier.Classify(output), Is.EqualTo(kind));
}
