using System.Globalization;

namespace Slipway.Delivery.Edge;

/// <summary>
/// An edge container as one <c>docker container inspect</c> shows it: its id, Docker's status, the host pid of its
/// main process, the image it runs and where its volume lives on the engine's machine.
/// </summary>
internal sealed record EdgeContainerState(string Id, string Status, int Pid, string Image, string? VolumeDirectory)
{
    /// <summary>The Go template of <see cref="EdgeContainerCommands.Inspect"/>; the volume's path goes last, as it may hold spaces.</summary>
    public const string Format =
        "{{.Id}} {{.State.Status}} {{.State.Pid}} {{.Config.Image}} {{range .Mounts}}{{if eq .Destination \"" + EdgeContainerLayout.StateDirectory + "\"}}{{.Source}}{{end}}{{end}}";

    public bool Running => Status is "running" or "restarting";

    /// <summary>Reads the output of <see cref="Format"/>; null when it is not that (no such container).</summary>
    public static EdgeContainerState? Parse(string output)
    {
        var parts = (output ?? string.Empty).Trim().Split(' ', 5);
        if (parts.Length < 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        return new EdgeContainerState(parts[0], parts[1], pid, parts[3], parts.Length > 4 && parts[4].Length > 0 ? parts[4] : null);
    }
}
