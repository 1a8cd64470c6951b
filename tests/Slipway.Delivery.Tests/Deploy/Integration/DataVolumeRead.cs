using Slipway.Delivery.Deploy;
using Slipway.Delivery.LocalInfra;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Reading an environment's data volume as its containers and one-off containers see it: the arguments of a throw-away
/// <c>docker run</c> of the HAProxy stand-in (it has a shell) that prints a file or lists a folder. Given to whichever
/// engine holds the volume: this machine's, or a namespaced host's.
/// </summary>
internal static class DataVolumeRead
{
    public static string[] Arguments(string environment, string path) =>
    [
        "run", "--rm", "--network", "none", "--mount", $"type=volume,source={DeployNames.DataVolume(environment)},target=/data",
        "--entrypoint", "sh", StandInImages.HaProxy, "-c", "if [ -d \"$1\" ]; then ls \"$1\"; else cat \"$1\"; fi", "read", "/data/" + path,
    ];
}
