using System.Net;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

public sealed class EdgeStatusTests
{
    [Test]
    public void The_active_slot_and_each_slots_state_are_derived_from_captured_output()
    {
        var status = EdgeStatus.From(
            HaproxyOutputParser.ParseServersState(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown),
            HaproxyOutputParser.ParseStatistics(CapturedHaproxyOutput.StatBlueServingGreenDown));

        Assert.Multiple(() =>
        {
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(status.Maintenance, Is.False);
            Assert.That(status.Blue.IsServing, Is.True);
            Assert.That(status.Blue.Upstream, Is.EqualTo(IPEndPoint.Parse("127.0.0.1:18001")));
            Assert.That(status.Blue.Statistics!.Responses2xx, Is.EqualTo(5));
            Assert.That(status[EdgeSlot.Green].AdminState, Is.EqualTo(ServerAdminState.Drain));
            Assert.That(status.Green.IsUp, Is.False);
            Assert.That(status.Green.IsServing, Is.False);
        });
    }

    [Test]
    public void A_state_file_alone_gives_the_active_slot_without_counters()
    {
        var status = EdgeStatus.From(HaproxyOutputParser.ParseServersState(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown));

        Assert.Multiple(() =>
        {
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(status.Blue.Statistics, Is.Null);
        });
    }

    [Test]
    public void A_fresh_edge_has_no_active_slot_and_unassigned_slots()
    {
        var status = EdgeStatus.From(
        [
            Entry("blue", "127.0.0.1", 1, ServerAdminBits.ForcedMaintenance | ServerAdminBits.ConfiguredMaintenance),
            Entry("green", "127.0.0.1", 1, ServerAdminBits.ForcedMaintenance | ServerAdminBits.ConfiguredMaintenance),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(status.ActiveSlot, Is.Null);
            Assert.That(status.Blue.IsAssigned, Is.False);
            Assert.That(status.Blue.Upstream, Is.Null);
            Assert.That(status.Maintenance, Is.False, "no maintenance server means no maintenance");
        });
    }

    [Test]
    public void Two_ready_slots_mid_switch_name_no_single_active_slot()
    {
        var status = EdgeStatus.From([Entry("blue", "127.0.0.1", 5000, 0), Entry("green", "127.0.0.1", 5001, 0)]);

        Assert.That(status.ActiveSlot, Is.Null);
    }

    [Test]
    public void The_maintenance_switch_is_on_when_its_server_is_not_in_maintenance()
    {
        var status = EdgeStatus.From(
        [
            Entry("blue", "127.0.0.1", 5000, 0),
            Entry("green", "127.0.0.1", 1, ServerAdminBits.ForcedMaintenance),
            new ServerStateEntry("maintenance", "on", "127.0.0.1", 1, ServerOperationalState.Running, ServerAdminBits.ConfiguredMaintenance, 1),
        ]);

        Assert.That(status.Maintenance, Is.True);
    }

    [Test]
    public void A_config_without_the_slots_is_reported_as_not_slipways() =>
        Assert.That(
            () => EdgeStatus.From([Entry("blue", "127.0.0.1", 5000, 0)]),
            Throws.TypeOf<FormatException>().With.Message.Contains("app/green"));

    [Test]
    public void Slot_names_and_pairs_match_the_config()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EdgeSlot.Blue.ServerName, Is.EqualTo("blue"));
            Assert.That(EdgeSlot.Green.ServerName, Is.EqualTo("green"));
            Assert.That(EdgeSlot.Blue.Other, Is.EqualTo(EdgeSlot.Green));
            Assert.That(EdgeSlot.Green.Other, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(EdgeSlotExtensions.FromServerName("green"), Is.EqualTo(EdgeSlot.Green));
            Assert.That(EdgeSlotExtensions.FromServerName("on"), Is.Null);
        });
    }

    private static ServerStateEntry Entry(string server, string address, int port, ServerAdminBits admin) =>
        new("app", server, address, port, ServerOperationalState.Running, admin, 1);
}
