using System.Globalization;
using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>Builders of the pure inputs (containers, edge states, records) the planner and reports read.</summary>
internal static class DeployFakes
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static string DigestOf(string version) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(version)));

    public static AppContainer Container(string version, int port, int minutes, string state = "exited", string environment = "staging", string? deployId = null) => new()
    {
        Name = DeployNames.AppContainer(environment, version, DigestOf(version)),
        Id = "id-" + version,
        Environment = environment,
        Version = version,
        Digest = DigestOf(version),
        Image = "localhost:5000/app@" + DigestOf(version),
        Port = port,
        DeployId = deployId ?? "d-" + version,
        DeployedAt = T0.AddMinutes(minutes),
        State = state,
    };

    public static SlotStatus Slot(EdgeSlot slot, int? port, ServerAdminState admin, bool up) =>
        new(slot, port is { } p ? new IPEndPoint(IPAddress.Loopback, p) : null, admin, up ? ServerOperationalState.Running : ServerOperationalState.Stopped, null);

    public static EdgeStatus EdgeOf(SlotStatus blue, SlotStatus green) => new(blue, green, false);

    public static DeployRecord Record(string id, string version, string result, int minutes, DeployKind kind = DeployKind.Deploy, string? rollbackOf = null) => new()
    {
        Id = id,
        Kind = kind,
        Environment = "staging",
        Version = version,
        Digest = DigestOf(version),
        Who = "tester",
        Started = T0.AddMinutes(minutes),
        Switched = result is DeployResults.Succeeded or DeployResults.RolledBack ? T0.AddMinutes(minutes).AddSeconds(5) : null,
        Finished = T0.AddMinutes(minutes).AddSeconds(result == DeployResults.RolledBack ? 7 : 65),
        Result = result,
        RollbackOf = rollbackOf,
        ImageCreated = T0.AddMinutes(minutes - 10),
    };

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
