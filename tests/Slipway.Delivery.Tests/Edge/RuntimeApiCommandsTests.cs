using System.Net;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

public sealed class RuntimeApiCommandsTests
{
    [Test]
    public void Commands_are_the_runtime_apis_own_syntax()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RuntimeApiCommands.ShowServersState(), Is.EqualTo("show servers state"));
            Assert.That(RuntimeApiCommands.ShowServersState("app"), Is.EqualTo("show servers state app"));
            Assert.That(RuntimeApiCommands.ShowStat("app"), Is.EqualTo("show stat app 4 -1"));
            Assert.That(RuntimeApiCommands.SetState("app", "blue", ServerAdminState.Ready), Is.EqualTo("set server app/blue state ready"));
            Assert.That(RuntimeApiCommands.SetState("app", "blue", ServerAdminState.Drain), Is.EqualTo("set server app/blue state drain"));
            Assert.That(RuntimeApiCommands.SetState("app", "blue", ServerAdminState.Maintenance), Is.EqualTo("set server app/blue state maint"));
            Assert.That(RuntimeApiCommands.ForceHealthDown("app", "green"), Is.EqualTo("set server app/green health down"));
            Assert.That(
                RuntimeApiCommands.SetAddress("app", "green", IPEndPoint.Parse("127.0.0.1:18002")),
                Is.EqualTo("set server app/green addr 127.0.0.1 port 18002"));
            Assert.That(
                RuntimeApiCommands.SetAddress("app", "green", IPEndPoint.Parse("[::1]:80")),
                Is.EqualTo("set server app/green addr ::1 port 80"));
        });
    }

    [Test]
    public void A_switch_is_one_line_that_enables_the_new_slot_before_draining_the_old() =>
        Assert.That(
            RuntimeApiCommands.Sequence(
                RuntimeApiCommands.SetState("app", "green", ServerAdminState.Ready),
                RuntimeApiCommands.SetState("app", "blue", ServerAdminState.Drain)),
            Is.EqualTo("set server app/green state ready; set server app/blue state drain"));

    [TestCase("app; shutdown sessions")]
    [TestCase("app\nset")]
    [TestCase("")]
    public void Names_that_could_smuggle_a_second_command_are_refused(string backend) =>
        Assert.That(() => RuntimeApiCommands.ShowStat(backend), Throws.ArgumentException);

    [Test]
    public void A_port_haproxy_would_wrap_around_is_refused() =>
        Assert.That(
            () => RuntimeApiCommands.SetAddress("app", "blue", new IPEndPoint(IPAddress.Loopback, 0)),
            Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase("")]
    [TestCase("\n")]
    [TestCase("\n\n\n")]
    [TestCase("IP changed from '127.0.0.1' to '127.0.0.2', port changed from '1' to '5' by 'stats socket command'\n\n")]
    [TestCase("no need to change the addr, port changed from '5' to '6' by 'stats socket command'\n\n\n\n")]
    [TestCase("no need to change the addr, no need to change the port by 'stats socket command'\n\n")]
    public void Answers_to_successful_set_commands_carry_no_error(string answer) =>
        Assert.That(RuntimeApiResponse.Errors(answer), Is.Empty);

    [TestCase("\nNo such server.\n\n\n", "No such server.")]
    [TestCase("No such backend.\n\n", "No such backend.")]
    [TestCase("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n\n", "expects")]
    [TestCase("Invalid addr '300.1.1.1' by 'stats socket command'\n\n", "Invalid addr")]
    [TestCase("Permission denied\n\n", "Permission denied")]
    public void Refusals_captured_from_haproxy_are_errors(string answer, string error)
    {
        var failure = Assert.Throws<EdgeRuntimeApiException>(() => RuntimeApiResponse.EnsureSucceeded("set server app/x state ready", answer));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain(error));
            Assert.That(failure.Command, Is.EqualTo("set server app/x state ready"));
        });
    }
}
