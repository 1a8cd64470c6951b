using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// The registry login shared by Push and Scan: declared once, with its both-or-neither rule in one place, so no component
/// reads another's parameter by its name as a string.
/// </summary>
public interface IHazRegistryCredentials : ISlipwayBuild
{
    [Parameter("Registry user name (else the Docker credential store is used)")]
    string? RegistryUsername => this.GetParameter<string>();

    [Parameter("Registry password or token"), Secret]
    string? RegistryPassword => this.GetParameter<string>();

    /// <summary>Both given → a login; neither → null (the Docker credential store); one alone → bad input (exit 2).</summary>
    internal RegistryCredentials? RegistryLogin()
    {
        if (RegistryUsername is null != RegistryPassword is null)
        {
            throw BuildFailedException.BadInput(
                "Give both the registry user name (REGISTRY_USERNAME or --registry-username) and its password (REGISTRY_PASSWORD or " +
                "REGISTRY_PASSWORD_FILE), or neither to use the Docker credential store.");
        }

        return RegistryUsername is null ? null : new RegistryCredentials(RegistryUsername, RegistryPassword!);
    }
}
