using System.Net;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

public sealed class EdgeConfigRendererTests
{
    private static EdgeSettings Production => EdgeSettings.ForContainer("production", IPEndPoint.Parse("0.0.0.0:8080")) with
    {
        PrometheusPort = 8405,
    };

    [Test]
    public void The_rendered_config_matches_the_reviewed_golden_file() =>
        Golden.AssertMatches(EdgeConfigRenderer.Render(Production), "edge/edge-production.cfg");

    [Test]
    public void Rendering_is_pure()
    {
        Assert.That(EdgeConfigRenderer.Render(Production), Is.EqualTo(EdgeConfigRenderer.Render(Production with { })));
    }

    [Test]
    public void Both_slots_start_in_maintenance_at_the_placeholder_and_are_checked_on_the_readiness_path()
    {
        var config = EdgeConfigRenderer.Render(Production with { ReadinessPath = "/ready?deep=1", HealthCheck = new EdgeHealthCheckSettings { Rise = 4, Fall = 3 } });

        Assert.That(config, Does.Contain("    server blue 127.0.0.1:1 disabled\n    server green 127.0.0.1:1 disabled\n")
            .And.Contain("http-check send meth GET uri \"/ready?deep=1\" ver HTTP/1.1 hdr Host localhost")
            .And.Contain("http-check expect status 200")
            .And.Contain("rise 4 fall 3"));
    }

    [Test]
    public void The_preview_route_takes_the_header_only_from_internal_sources_and_is_absent_without_any()
    {
        var config = EdgeConfigRenderer.Render(Production);
        var closed = EdgeConfigRenderer.Render(Production with { InternalAllowedSources = [] });

        Assert.Multiple(() =>
        {
            Assert.That(config, Does.Contain("acl preview_source src 127.0.0.0/8 ::1/128")
                .And.Contain("use-server green2 if preview_source { req.hdr(x-slipway-preview) -m str green2 }"));
            Assert.That(config.IndexOf("preview_source {", StringComparison.Ordinal), Is.LessThan(config.IndexOf("req.cook(slipway_slot)", StringComparison.Ordinal)),
                "a preview is routed before any cookie");
            Assert.That(closed, Does.Not.Contain("preview"));
        });
    }

    [Test]
    public void The_maintenance_page_comes_from_the_map_so_no_message_text_is_in_the_config()
    {
        var config = EdgeConfigRenderer.Render(Production with { MaintenanceMessage = "Back at 14:00 \"UTC\" $HOME 100% \\o/ #1", MaintenanceRetryAfter = TimeSpan.FromSeconds(45) });

        Assert.Multiple(() =>
        {
            Assert.That(config, Does.Not.Contain("Back at 14:00"));
            Assert.That(config, Does.Contain("str(retry_after),map(/var/lib/haproxy/maintenance.map,45)"), "the default Retry-After");
            Assert.That(config, Does.Contain("lf-string \"%[str(json),map(/var/lib/haproxy/maintenance.map),b64dec]\""));
        });
    }

    [Test]
    public void Optional_listeners_and_the_access_log_are_left_out_when_not_asked_for()
    {
        var config = EdgeConfigRenderer.Render(Production with { PrometheusPort = null, AccessLog = false });

        Assert.That(config, Does.Not.Contain("ipv4@127.0.0.1:9999")
            .And.Not.Contain("prometheus")
            .And.Not.Contain("log "));
    }

    [Test]
    public void Internal_paths_are_refused_outside_loopback_by_default_however_they_are_spelled()
    {
        var config = EdgeConfigRenderer.Render(Production);

        Assert.That(config, Does.Contain(
            "    acl internal_path path,url_dec,lower -m str /metrics /status\n" +
            "    acl internal_path path,url_dec,lower -m beg /metrics/ /status/\n" +
            "    acl dot_segments path,url_dec -m sub /./ /../\n" +
            "    acl dot_segments path,url_dec -m end /. /..\n" +
            "    acl names_internal_path path,url_dec,lower -m sub /metrics /status\n" +
            "    acl internal_source src 127.0.0.0/8 ::1/128\n" +
            "    http-request deny deny_status 403 if internal_path !internal_source\n" +
            "    http-request deny deny_status 403 if dot_segments names_internal_path !internal_source\n"));
    }

    [Test]
    public void The_allow_list_and_the_paths_come_from_the_settings()
    {
        var config = EdgeConfigRenderer.Render(Production with
        {
            InternalPaths = ["/metrics"],
            InternalAllowedSources = [IPNetwork.Parse("10.0.5.0/24"), IPNetwork.Parse("fd00::/8")],
        });

        Assert.That(config, Does.Contain("acl internal_path path,url_dec,lower -m str /metrics\n")
            .And.Contain("acl internal_source src 10.0.5.0/24 fd00::/8\n")
            .And.Not.Contain("/status"));
    }

    [Test]
    public void An_empty_allow_list_refuses_internal_paths_to_everyone_and_no_paths_render_no_rule()
    {
        var nobody = EdgeConfigRenderer.Render(Production with { InternalAllowedSources = [] });
        var none = EdgeConfigRenderer.Render(Production with { InternalPaths = [] });

        Assert.Multiple(() =>
        {
            Assert.That(nobody, Does.Contain("http-request deny deny_status 403 if internal_path\n").And.Not.Contain("internal_source"));
            Assert.That(none, Does.Not.Contain("internal_path"));
        });
    }

    [Test]
    public void An_ipv6_public_endpoint_is_bound_with_its_family_prefix() =>
        Assert.That(EdgeConfigRenderer.Render(Production with { PublicEndpoint = IPEndPoint.Parse("[::]:8443") }), Does.Contain("bind ipv6@:::8443\n"));

    [TestCaseSource(nameof(Variants))]
    public void The_runtime_api_is_only_ever_a_private_unix_socket(object variant)
    {
        var settings = (EdgeSettings)variant;
        var statsSockets = EdgeConfigRenderer.Render(settings).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("stats socket ", StringComparison.Ordinal)).ToList();

        Assert.That(statsSockets, Is.EqualTo(new[] { $"stats socket \"{settings.StatsSocketPath}\" mode 600 level admin expose-fd listeners" }));
    }

    [Test]
    public void Invalid_settings_are_refused_before_rendering() =>
        Assert.That(
            () => EdgeConfigRenderer.Render(Production with { PrometheusPort = 8080 }),
            Throws.TypeOf<BuildFailedException>().With.Property(nameof(BuildFailedException.ExitCode)).EqualTo(ExitCodes.BadInvocation));

    private static IEnumerable<TestCaseData> Variants()
    {
        yield return new TestCaseData(Production).SetArgDisplayNames("container, prometheus");
        yield return new TestCaseData(Production with { PrometheusPort = null, AccessLog = false }).SetArgDisplayNames("minimal");
        yield return new TestCaseData(Production with { PublicEndpoint = IPEndPoint.Parse("[::1]:8443") })
            .SetArgDisplayNames("ipv6");
        yield return new TestCaseData(Production with
        {
            MaintenanceMessage = "Wartung bis 14:00 — \"danke\" für's Warten; 100% $HOME \\ #nocomment",
            ReadinessPath = "/health/ready?probe=edge&x='1'",
            MaintenanceRetryAfter = TimeSpan.Zero,
            Timeouts = new EdgeTimeouts { Server = TimeSpan.FromMinutes(10), HardStopAfter = TimeSpan.FromMilliseconds(1) },
        }).SetArgDisplayNames("awkward text");
        yield return new TestCaseData(Production with
        {
            InternalPaths = ["/metrics", "/internal/build-info", "/~ops"],
            InternalAllowedSources = [IPNetwork.Parse("192.0.2.7/32"), IPNetwork.Parse("2001:db8::/32")],
        }).SetArgDisplayNames("internal paths with an allow-list");
        yield return new TestCaseData(Production with { InternalAllowedSources = [] }).SetArgDisplayNames("internal paths for no one");
    }

    [TestCaseSource(nameof(Variants))]
    // object: EdgeSettings is internal, and NUnit test methods are public.
    public async Task Haproxy_accepts_the_rendered_config(object variant)
    {
        EdgePrerequisites.RequireTools("haproxy");
        var file = Path.Combine(Path.GetTempPath(), $"sw-edge-check-{Guid.NewGuid():N}.cfg");

        // The config loads the maintenance map at start, as the edge does from its volume (created with the config).
        var map = Path.ChangeExtension(file, ".map");
        await File.WriteAllTextAsync(map, new MaintenancePage { Message = "Back at 14:00 \"UTC\" 100 %" }.MapFile);
        var settings = (EdgeSettings)variant with { MaintenanceMapFile = map };
        await File.WriteAllTextAsync(file, EdgeConfigRenderer.Render(settings));
        try
        {
            var check = await ToolRunner.RunAsync(HaproxyCommands.Check(file));
            var output = check.StandardOutput + check.StandardError;
            var warnings = output.Split('\n').Where(l => l.Contains("[WARNING]", StringComparison.Ordinal)).ToList();

            Assert.Multiple(() =>
            {
                Assert.That(check.ExitCode, Is.Zero, output);
                Assert.That(output, Does.Contain("Configuration file is valid"));
                Assert.That(output, Does.Not.Contain("[ALERT]"));

                // The only expected warning: before the first save there is no server-state file to load.
                Assert.That(warnings, Has.All.Contains("Can't open global server state file"), output);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
