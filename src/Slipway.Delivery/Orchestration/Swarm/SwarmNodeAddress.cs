using System.Net;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// A node's address as <c>docker node inspect</c> reports it (pure, unit-tested): <c>Status.Addr</c>, the address the node
/// advertised; for a manager that says <c>0.0.0.0</c> (an engine that joined without <c>--advertise-addr</c> on some
/// versions), the host of <c>ManagerStatus.Addr</c> instead.
/// </summary>
internal static class SwarmNodeAddress
{
    public const string Format = "{{.Status.Addr}} {{if .ManagerStatus}}{{.ManagerStatus.Addr}}{{end}}";

    public static IPAddress Parse(string line)
    {
        var words = (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length > 0 && IPAddress.TryParse(words[0], out var status) && !status.Equals(IPAddress.Any))
        {
            return status;
        }

        if (words.Length > 1 && IPEndPoint.TryParse(words[1], out var manager) && !manager.Address.Equals(IPAddress.Any))
        {
            return manager.Address;
        }

        throw new FormatException($"docker node inspect gave no address for a node ('{line?.Trim()}'): run `docker node inspect` on the manager and re-join that node with --advertise-addr.");
    }
}
