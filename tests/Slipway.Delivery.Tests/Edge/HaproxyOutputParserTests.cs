using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

public sealed class HaproxyOutputParserTests
{
    [Test]
    public void Servers_state_lines_are_read_by_their_header_names()
    {
        var servers = HaproxyOutputParser.ParseServersState(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown);

        Assert.That(servers, Is.EqualTo(new[]
        {
            new ServerStateEntry("app", "blue", "127.0.0.1", 18001, ServerOperationalState.Running, ServerAdminBits.ConfiguredMaintenance, 1),
            new ServerStateEntry("app", "green", "127.0.0.1", 18009, ServerOperationalState.Stopped, ServerAdminBits.ConfiguredMaintenance | ServerAdminBits.ForcedDrain, 1),
            new ServerStateEntry("maintenance", "on", "127.0.0.1", 1, ServerOperationalState.Stopped, ServerAdminBits.ConfiguredMaintenance | ServerAdminBits.ForcedMaintenance, 1),
        }));
    }

    [Test]
    public void One_answer_to_servers_state_then_stat_splits_into_both()
    {
        var answer = CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown + "\n" + CapturedHaproxyOutput.StatBlueServingGreenDown + "\n";

        var (servers, statistics) = HaproxyOutputParser.SplitServersStateAndStatistics(answer);

        Assert.Multiple(() =>
        {
            Assert.That(HaproxyOutputParser.ParseServersState(servers), Is.EqualTo(HaproxyOutputParser.ParseServersState(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown)));
            Assert.That(HaproxyOutputParser.ParseStatistics(statistics), Is.EqualTo(HaproxyOutputParser.ParseStatistics(CapturedHaproxyOutput.StatBlueServingGreenDown)));
            Assert.That(() => HaproxyOutputParser.SplitServersStateAndStatistics(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown), Throws.InstanceOf<FormatException>());
        });
    }

    [TestCase("\n\n", "\n\n")]
    [TestCase("", "")]
    [TestCase("No such server.\n\n", "No such server.\n\n")]
    public void The_replies_to_changes_then_servers_state_split_at_the_state(string reply, string expectedReply)
    {
        var (replies, state) = HaproxyOutputParser.SplitReplyAndServersState(reply + CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown);

        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.EqualTo(expectedReply));
            Assert.That(state, Is.EqualTo(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown));
            Assert.That(() => HaproxyOutputParser.SplitReplyAndServersState("Unknown command.\n"), Throws.InstanceOf<FormatException>());
        });
    }

    [Test]
    public void The_config_marker_alone_is_not_maintenance_as_haproxy_itself_reads_it()
    {
        var servers = HaproxyOutputParser.ParseServersState(CapturedHaproxyOutput.ServersStateBlueServingGreenDrainDown);

        Assert.That(servers.Select(s => s.AdminState), Is.EqualTo(new[] { ServerAdminState.Ready, ServerAdminState.Drain, ServerAdminState.Maintenance }));
    }

    [Test]
    public void Columns_are_found_by_name_even_in_another_order()
    {
        const string reordered = "1\n# srv_name be_name srv_port srv_addr srv_admin_state srv_op_state srv_uweight extra\nblue app 8080 ::1 8 2 100 x\n";

        var entry = HaproxyOutputParser.ParseServersState(reordered).Single();

        Assert.That(entry, Is.EqualTo(new ServerStateEntry("app", "blue", "::1", 8080, ServerOperationalState.Running, ServerAdminBits.ForcedDrain, 100)));
    }

    [TestCase("2\n# be_name\n", "version 1")]
    [TestCase("1\napp blue\n", "header")]
    [TestCase("Unknown command: 'show servers'\n", "version 1")]
    [TestCase("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_port\n3 app 1 blue 127.0.0.1 x 0 1 80\n", "srv_op_state")]
    public void Output_that_is_not_a_server_state_is_refused(string text, string complaint) =>
        Assert.That(() => HaproxyOutputParser.ParseServersState(text), Throws.TypeOf<FormatException>().With.Message.Contains(complaint));

    [Test]
    public void An_empty_state_file_has_no_servers() =>
        Assert.That(HaproxyOutputParser.ParseServersState("\n"), Is.Empty);

    [Test]
    public void Stat_rows_of_servers_carry_status_counters_and_check_results()
    {
        var rows = HaproxyOutputParser.ParseStatistics(CapturedHaproxyOutput.StatBlueServingGreenDown);

        Assert.That(rows.Select(r => $"{r.Backend}/{r.Server}"), Is.EqualTo(new[] { "app/blue", "app/green", "maintenance/on" }), "frontends and backends are left out");
        var blue = rows[0];
        var green = rows[1];
        Assert.Multiple(() =>
        {
            Assert.That(blue.Status, Is.EqualTo("UP"));
            Assert.That(blue.Address, Is.EqualTo("127.0.0.1:18001"));
            Assert.That(blue.TotalSessions, Is.EqualTo(10));
            Assert.That(blue.Responses2xx, Is.EqualTo(5));
            Assert.That(blue.Responses4xx, Is.EqualTo(5));
            Assert.That(blue.Responses5xx, Is.Zero);
            Assert.That(blue.ResponsesTotal, Is.EqualTo(10));
            Assert.That(blue.CurrentSessions, Is.Zero);
            Assert.That(blue.AverageResponseTimeMs, Is.EqualTo(2));
            Assert.That((blue.ConnectionsOpened, blue.ConnectionsReused), Is.EqualTo((10, 0)), "the captured upstream closed every connection");
            Assert.That(blue.AverageTotalTimeMs, Is.EqualTo(7));
            Assert.That(blue.CheckStatus, Is.EqualTo("L7OK"));
            Assert.That(blue.CheckCode, Is.EqualTo(200));
            Assert.That(blue.LastCheckPassed, Is.True);
            Assert.That((blue.CheckRise, blue.CheckFall, blue.CheckHealth), Is.EqualTo((3, 2, 4)));
            Assert.That(blue.ChecksDown, Is.EqualTo(1));

            Assert.That(green.Status, Is.EqualTo("DOWN"));
            Assert.That(green.CheckStatus, Is.EqualTo("L4CON"));
            Assert.That(green.CheckCode, Is.Null);
            Assert.That(green.LastCheckPassed, Is.False);
            Assert.That(green.CheckHealth, Is.Zero);
        });
    }

    [Test]
    public void A_slot_going_up_shows_its_progress_and_its_health_counter()
    {
        var green = HaproxyOutputParser.ParseStatistics(CapturedHaproxyOutput.StatGreenGoingUp).Single(r => r.Server == "green");

        Assert.Multiple(() =>
        {
            Assert.That(green.Status, Is.EqualTo("DOWN 1/3"));
            Assert.That(green.CheckHealth, Is.EqualTo(1));
            Assert.That(green.Address, Is.EqualTo("127.0.0.1:18002"));
        });
    }

    [Test]
    public void The_marker_of_a_running_check_is_stripped_from_the_check_status()
    {
        Assert.That(CapturedHaproxyOutput.StatCheckInProgress, Does.Contain(",* L7OK,"), "the capture shows a running check");

        var green = HaproxyOutputParser.ParseStatistics(CapturedHaproxyOutput.StatCheckInProgress).Single(r => r.Server == "green");

        Assert.That(green.CheckStatus, Is.EqualTo("L7OK"));
    }

    [Test]
    public void Quoted_csv_fields_with_commas_stay_one_field()
    {
        const string csv = "# pxname,svname,status,last_chk,type,hrsp_5xx\napp,blue,UP,\"HTTP status check returned code <3C>500<3E>, \"\"boom\"\"\",2,7\n";

        var row = HaproxyOutputParser.ParseStatistics(csv).Single();

        Assert.Multiple(() =>
        {
            Assert.That(row.Status, Is.EqualTo("UP"));
            Assert.That(row.Responses5xx, Is.EqualTo(7));
        });
    }

    [Test]
    public void Output_that_is_not_show_stat_is_refused() =>
        Assert.That(() => HaproxyOutputParser.ParseStatistics("No such proxy.\n"), Throws.TypeOf<FormatException>());
}
