using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Deploy;

public class ParserTests
{
    // Captured from `docker container inspect` of a deployed container (trimmed to the fields read).
    private const string Inspect = """
        [
          {
            "Id": "b2b114063bae0659479b1260fd4e95b9036c7c7cfa8504151cde16f6712198f2",
            "Created": "2026-11-21T22:01:53.924610011Z",
            "Name": "/slipway-staging-0.1.0-38-93930afa77df",
            "State": { "Status": "running", "Running": true, "ExitCode": 0, "StartedAt": "2026-11-21T22:01:54.077649547Z" },
            "Config": {
              "Image": "localhost:5000/slipway/catalog-api@sha256:93930afa77df6b36bf60ec0b762c4dc08a91314cbd5f16fd6381a1a101f6a0b9",
              "Labels": {
                "org.opencontainers.image.version": "0.1.0-38",
                "slipway.commit": "03aa1313ddbf3a365e73e7165f47a630910394d4",
                "slipway.deploy-id": "d-20261121T220145Z-cd28c0",
                "slipway.deployed-at": "2026-11-21T22:01:53.8500106+00:00",
                "slipway.digest": "sha256:93930afa77df6b36bf60ec0b762c4dc08a91314cbd5f16fd6381a1a101f6a0b9",
                "slipway.environment": "staging",
                "slipway.image": "localhost:5000/slipway/catalog-api@sha256:93930afa77df6b36bf60ec0b762c4dc08a91314cbd5f16fd6381a1a101f6a0b9",
                "slipway.port": "28501",
                "slipway.role": "app",
                "slipway.version": "0.1.0-38"
              }
            }
          },
          {
            "Id": "0123", "Created": "2026-11-21T22:00:00Z", "Name": "/someone-elses",
            "State": { "Status": "exited", "ExitCode": 137 }, "Config": { "Labels": { "slipway.role": "edge" } }
          }
        ]
        """;

    [Test]
    public void Docker_inspect_output_gives_the_app_containers_from_their_labels()
    {
        var containers = AppContainerParser.Parse(Inspect);

        Assert.That(containers, Has.Count.EqualTo(1));
        var container = containers[0];
        Assert.Multiple(() =>
        {
            Assert.That(container.Name, Is.EqualTo("slipway-staging-0.1.0-38-93930afa77df"));
            Assert.That(container.Environment, Is.EqualTo("staging"));
            Assert.That(container.Version, Is.EqualTo("0.1.0-38"));
            Assert.That(container.Port, Is.EqualTo(28501));
            Assert.That(container.DeployId, Is.EqualTo("d-20261121T220145Z-cd28c0"));
            Assert.That(container.DeployedAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-21T22:01:53.8500106+00:00", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(container.IsRunning, Is.True);
            Assert.That(container.Commit, Is.EqualTo("03aa1313ddbf3a365e73e7165f47a630910394d4"));
            Assert.That(AppContainerParser.Parse(string.Empty), Is.Empty);
        });
    }

    [Test]
    public void The_deploy_inspects_only_names_labels_and_state_one_json_line_per_container()
    {
        // Captured from `docker container inspect --format <InspectFormat>` of the same two containers.
        const string Lines = """
            {"Id":"b2b114063bae0659479b1260fd4e95b9036c7c7cfa8504151cde16f6712198f2","Name":"/slipway-staging-0.1.0-38-93930afa77df","Created":"2026-11-21T22:01:53.924610011Z","Config":{"Labels":{"org.opencontainers.image.version":"0.1.0-38","slipway.deploy-id":"d-20261121T220145Z-cd28c0","slipway.deployed-at":"2026-11-21T22:01:53.8500106+00:00","slipway.digest":"sha256:93930afa77df6b36bf60ec0b762c4dc08a91314cbd5f16fd6381a1a101f6a0b9","slipway.environment":"staging","slipway.port":"28501","slipway.role":"app","slipway.version":"0.1.0-38"}},"State":{"Status":"running","ExitCode":0}}
            {"Id":"0123","Name":"/someone-elses","Created":"2026-11-21T22:00:00Z","Config":{"Labels":null},"State":{"Status":"exited","ExitCode":137}}

            """;
        var commands = new DeployCommands(TestDocker.Cli(), TestEnvironments.Staging);

        var inspect = commands.Inspect(["b2b1", "0123"]);
        var containers = AppContainerParser.Parse(Lines);

        Assert.Multiple(() =>
        {
            Assert.That(inspect.Arguments, Is.EqualTo(new[] { "container", "inspect", "--format", AppContainerParser.InspectFormat, "b2b1", "0123" }));
            Assert.That(AppContainerParser.InspectFormat, Does.Not.Contain(".Config.Env").And.Not.Contain("{{json .}}").And.Not.Contain("{{json .Config}}"),
                "app variables' values never leave the engine");
            Assert.That(containers.Select(c => (c.Name, c.Version, c.Port, c.State, c.DeployId)),
                Is.EqualTo(new[] { ("slipway-staging-0.1.0-38-93930afa77df", "0.1.0-38", 28501, "running", (string?)"d-20261121T220145Z-cd28c0") }));
        });
    }

    [Test]
    public void Edge_access_log_lines_give_each_request_s_slot_and_server_time()
    {
        // Captured from `docker logs --timestamps` of an edge container: HAProxy's notices, then requests.
        const string Logs = """
            2026-11-21T22:01:59.387446880Z Server app/blue is UP (leaving forced drain).
            2026-11-21T22:02:03.101317838Z 127.0.0.1:49416 [21/Nov/2026:22:02:03.092] public app/blue 0/0/0/8/8 200 467 - - ---- 1/1/0/0/0 0/0 "GET /status HTTP/1.1"
            2026-11-21T22:02:03.201317838Z 127.0.0.1:49417 [21/Nov/2026:22:02:03.192] public app/green 0/0/1/2500/2501 500 120 - - ---- 1/1/0/0/0 0/0 "GET /api/v1/items HTTP/1.1"
            2026-11-21T22:02:03.301317838Z 127.0.0.1:49418 [21/Nov/2026:22:02:03.292] public app/green 0/0/-1/-1/3 503 217 - - SC-- 1/1/0/0/3 0/0 "GET / HTTP/1.1"
            2026-11-21T22:02:04.000000000Z 127.0.0.1:49419 [21/Nov/2026:22:02:03.992] public public/<NOSRV> -1/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"
            """;

        var entries = AccessLogParser.Parse(Logs);

        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(2), "notices and requests that never reached a server are skipped");
            Assert.That(entries[0], Is.EqualTo(new AccessLogEntry(
                AccessLogParser.ParseDockerTimestamp("2026-11-21T22:02:03.101317838Z")!.Value, "app", "blue", 8, 200)));
            Assert.That(entries[1].Server, Is.EqualTo("green"));
            Assert.That(entries[1].ServerResponseMilliseconds, Is.EqualTo(2500));
            Assert.That(entries[1].Status, Is.EqualTo(500));
            Assert.That(entries[0].Timestamp.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, Is.EqualTo(1013178), "nanoseconds cut to ticks");
        });
    }
}
