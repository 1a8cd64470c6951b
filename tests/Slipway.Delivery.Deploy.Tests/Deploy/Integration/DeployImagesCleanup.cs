namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Removes the images the deploy tests built, once all of them have run.</summary>
[SetUpFixture]
public sealed class DeployImagesCleanup
{
    [OneTimeTearDown]
    public async Task RemoveImagesAsync() => await DeployTestImages.RemoveAsync();
}
