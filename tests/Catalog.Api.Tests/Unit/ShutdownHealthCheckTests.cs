using Catalog.Api.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Catalog.Api.Tests.Unit;

public sealed class ShutdownHealthCheckTests
{
    [Test]
    public async Task Readiness_fails_once_shutdown_begins()
    {
        using var lifetime = new StoppableLifetime();
        var check = new ShutdownHealthCheck(lifetime);
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("shutdown", check, HealthStatus.Unhealthy, null),
        };

        var running = await check.CheckHealthAsync(context);
        lifetime.StopApplication();
        var stopping = await check.CheckHealthAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(running.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(stopping.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(stopping.Description, Does.Contain("shutting down"));
        });
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => stopping.Cancel();

        public void Dispose() => stopping.Dispose();
    }
}
