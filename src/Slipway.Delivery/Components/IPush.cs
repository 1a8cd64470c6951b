using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>Pushes every tag of the built image with retries, then records the registry's digest (docs/image.md).</summary>
public interface IPush : IHazImage
{
    [Parameter("Registry user name (else the Docker credential store is used)")]
    string? RegistryUsername => this.GetParameter<string>();

    [Parameter("Registry password or token"), Secret]
    string? RegistryPassword => this.GetParameter<string>();

    Target Push => _ => _
        .Description("Push the image's tags and record the manifest digest in artifacts/image.json")
        .DependsOn<IDockerBuild>()
        .Consumes<IDockerBuild>()
        .Produces("artifacts/image.json")
        .Executes(async () =>
        {
            if (RegistryUsername is null != RegistryPassword is null)
            {
                throw BuildFailedException.BadInput(
                    "Give both the registry user name (REGISTRY_USERNAME or --registry-username) and its password (REGISTRY_PASSWORD or " +
                    "REGISTRY_PASSWORD_FILE), or neither to use the Docker credential store.");
            }

            await using var engine = await DockerEngine.ConnectAsync();
            using var registry = new RegistryClient();
            var record = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest
            {
                RecordPath = ImageRecordPath,
                Credentials = RegistryUsername is null ? null : new RegistryCredentials(RegistryUsername, RegistryPassword!),
            });
            Host.AddSummaryNote($"Pushed: {record.DigestReference}");
        });
}
