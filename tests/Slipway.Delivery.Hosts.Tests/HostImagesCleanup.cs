using Slipway.Delivery.Tests.Deploy.Integration;

namespace Slipway.Delivery.Tests;

/// <summary>Removes the stand-in and Catalog.Api images these tests built on this machine's engine, once all of them have run.</summary>
[SetUpFixture]
public sealed class HostImagesCleanup
{
    [OneTimeTearDown]
    public async Task RemoveImagesAsync() => await DeployTestImages.RemoveAsync();
}
