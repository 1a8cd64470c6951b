using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// The registry login shared by Push and Scan: declared once, with its both-or-neither rule in one place, so no component
/// reads another's parameter by its name as a string. In generated workflows every job whose targets use it logs in as
/// the run's actor with the job's token (GitHub Container Registry); a repository sets REGISTRY_USERNAME, or a build
/// overrides the source per job, for another registry.
/// </summary>
public interface IHazRegistryCredentials : ISlipwayBuild
{
    [Parameter("Registry user name (else the Docker credential store is used)"), GitHubActionsVariable(Default = "github.actor")]
    string? RegistryUsername => this.GetParameter<string>();

    [Parameter("Registry password or token"), Secret, GitHubActionsSecret("GITHUB_TOKEN")]
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
