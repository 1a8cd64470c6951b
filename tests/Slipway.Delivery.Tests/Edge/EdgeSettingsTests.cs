using System.Net;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Edge;

public sealed class EdgeSettingsTests
{
    private static EdgeSettings Valid => HostEdge.Settings("staging", IPEndPoint.Parse("0.0.0.0:8080"), "/var/lib/slipway/edge/staging");

    [Test]
    public void Host_settings_put_socket_and_state_in_the_state_directory_and_validate()
    {
        var settings = Valid;

        Assert.Multiple(() =>
        {
            Assert.That(settings.StatsSocketPath, Is.EqualTo("/var/lib/slipway/edge/staging/admin.sock"));
            Assert.That(settings.ServerStateFile, Is.EqualTo("/var/lib/slipway/edge/staging/server-state"));
            Assert.That(settings.Validate, Throws.Nothing);
        });
    }

    [Test]
    public void Container_settings_use_the_images_volume()
    {
        var settings = EdgeSettings.ForContainer("production", IPEndPoint.Parse("0.0.0.0:8080"));

        Assert.Multiple(() =>
        {
            Assert.That(settings.StatsSocketPath, Is.EqualTo("/var/lib/haproxy/admin.sock"));
            Assert.That(settings.ServerStateFile, Is.EqualTo("/var/lib/haproxy/server-state"));
            Assert.That(settings.Validate, Throws.Nothing);
        });
    }

    [TestCase("metrics")]
    [TestCase("/")]
    [TestCase("/Metrics")]
    [TestCase("/metrics/")]
    [TestCase("/metrics status")]
    [TestCase("/metrics#x")]
    [TestCase("/$HOME")]
    public void An_internal_path_haproxy_could_not_match_as_given_is_refused(string path)
    {
        var failure = Assert.Throws<BuildFailedException>(() => (Valid with { InternalPaths = ["/status", path] }).Validate());

        Assert.That(failure!.Message, Does.Contain($"InternalPaths entry '{path}' must be a lower-case path such as /metrics"));
    }

    [Test]
    public void Internal_paths_default_to_metrics_and_status_for_loopback_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Valid.InternalPaths, Is.EqualTo(new[] { "/metrics", "/status" }));
            Assert.That(Valid.InternalAllowedSources.Select(network => network.ToString()), Is.EqualTo(new[] { "127.0.0.0/8", "::1/128" }));
        });
    }

    [Test]
    public void Every_problem_is_named_at_once()
    {
        var settings = Valid with
        {
            Environment = "Staging!",
            ReadinessPath = "health",
            StatsSocketPath = "relative/admin.sock",
            MaintenanceMessage = "two\nlines",
            MaintenanceRetryAfter = TimeSpan.FromMilliseconds(1500),
            HealthCheck = new EdgeHealthCheckSettings { Rise = 0, Fall = EdgeHealthCheckSettings.MaxFall + 1 },
            Timeouts = new EdgeTimeouts { Server = TimeSpan.Zero },
        };

        var failure = Assert.Throws<BuildFailedException>(settings.Validate);

        Assert.That(failure!.Message, Does.Contain("Environment 'Staging!'")
            .And.Contain("ReadinessPath 'health'")
            .And.Contain("StatsSocketPath 'relative/admin.sock' must be an absolute path")
            .And.Contain("MaintenanceMessage")
            .And.Contain("MaintenanceRetryAfter")
            .And.Contain("HealthCheck.Rise (0)")
            .And.Contain("HealthCheck.Fall (1000001) must be between 1 and 1000000")
            .And.Contain("Timeouts.server"));
    }

    [Test]
    public void A_socket_path_longer_than_a_unix_socket_allows_is_refused()
    {
        var failure = Assert.Throws<BuildFailedException>(() => (Valid with { StatsSocketPath = "/" + new string('a', 110) }).Validate());

        Assert.That(failure!.Message, Does.Contain("107 bytes"));
    }

    [Test]
    public void Ports_must_not_collide()
    {
        var settings = Valid with { PrometheusPort = 8080 };

        Assert.That(Assert.Throws<BuildFailedException>(settings.Validate)!.Message, Does.Contain("different ports"));
    }

    [TestCase("/health live")]
    [TestCase("/health\t")]
    [TestCase("")]
    public void A_readiness_path_with_spaces_or_without_a_slash_is_refused(string path) =>
        Assert.That(Assert.Throws<BuildFailedException>((Valid with { ReadinessPath = path }).Validate)!.Message, Does.Contain("ReadinessPath"));
}
