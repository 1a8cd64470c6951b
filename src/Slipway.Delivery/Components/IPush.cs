using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>Pushes every tag of the built image with retries, then records the registry's digest (docs/image.md).</summary>
public interface IPush : IHazImage, IHazRegistryCredentials
{
    Target Push => _ => _
        .Description("Push the image's tags and record the manifest digest in artifacts/image.json")
        .DependsOn<IDockerBuild>()
        .Consumes<IDockerBuild>()
        .Produces("artifacts/image.json")
        .Executes(async () =>
        {
            var credentials = RegistryLogin();
            await using var engine = await DockerEngine.ConnectAsync();
            using var registry = new RegistryClient();
            var record = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest
            {
                RecordPath = ImageRecordPath,
                Credentials = credentials,
            });
            Host.AddSummaryNote($"Pushed: {record.DigestReference}");
        });
}
