using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>Smoke suites as data (pure): placeholders, captures, cleanup after a failure, the request text, validation and where the plan runs them.</summary>
public class SmokeSuiteTests
{
    private static readonly SmokeCheck Create = new()
    {
        Name = "create an item", Method = "POST", Path = "/api/items", Body = """{"name":"{marker}"}""", ExpectStatus = 201, Capture = "id",
        Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret" },
    };

    private static readonly SmokeCheck Read = new() { Name = "read it", Path = "/api/items/{id}", ExpectBodyContains = "{marker}" };

    private static readonly SmokeCheck Delete = new() { Name = "delete it", Method = "DELETE", Path = "/api/items/{id}", ExpectStatus = 204, AlwaysRun = true };

    [Test]
    public async Task Checks_run_in_order_with_the_marker_and_captured_values_replaced()
    {
        var sent = new List<SmokeRequest>();
        var records = await SmokeSuite.RunAsync([Create, Read, Delete], SmokeStages.Preview, "slipway-smoke-d-1", (request, _) =>
        {
            sent.Add(request);
            return Task.FromResult<HttpProbeResponse?>(request.Method switch
            {
                "POST" => new HttpProbeResponse(201, """{"id": 42, "name": "slipway-smoke-d-1"}"""),
                "GET" => new HttpProbeResponse(200, """{"id": 42, "name": "slipway-smoke-d-1"}"""),
                _ => new HttpProbeResponse(204, string.Empty),
            });
        });

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => (r.Name, r.Verdict, r.Status, r.Stage)), Is.EqualTo(new[]
            {
                ("create an item", "passed", (int?)201, "preview"), ("read it", "passed", 200, "preview"), ("delete it", "passed", 204, "preview"),
            }));
            Assert.That(sent.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[] { "POST /api/items", "GET /api/items/42", "DELETE /api/items/42" }));
            Assert.That(sent[0].Body, Is.EqualTo("""{"name":"slipway-smoke-d-1"}"""));
            Assert.That(SmokeSuite.DescribeFailure(records), Is.Null);
        });
    }

    [Test]
    public async Task After_a_failure_only_the_cleanup_runs_and_only_when_what_it_needs_was_captured()
    {
        var readFails = await SmokeSuite.RunAsync([Create, Read, Delete], SmokeStages.Public, "m", (request, _) => Task.FromResult<HttpProbeResponse?>(request.Method switch
        {
            "POST" => new HttpProbeResponse(201, """{"id": "a/b"}"""),
            "GET" => new HttpProbeResponse(500, "boom\nat line 3"),
            _ => new HttpProbeResponse(204, string.Empty),
        }));
        var createFails = await SmokeSuite.RunAsync([Create, Read, Delete], SmokeStages.Public, "m",
            (_, _) => Task.FromResult<HttpProbeResponse?>(null));

        Assert.Multiple(() =>
        {
            Assert.That(readFails.Select(r => r.Verdict), Is.EqualTo(new[] { "passed", "failed", "passed" }), "the delete cleans up after the failed read");
            Assert.That(readFails[1].Reason, Is.EqualTo("expected HTTP 200, got 500: boom at line 3"));
            Assert.That(SmokeSuite.DescribeFailure(readFails), Is.EqualTo("smoke check 'read it' (public) failed: expected HTTP 200, got 500: boom at line 3"));
            Assert.That(createFails.Select(r => r.Verdict), Is.EqualTo(new[] { "failed", "skipped", "skipped" }));
            Assert.That(createFails[0].Reason, Is.EqualTo("no HTTP answer"));
            Assert.That(createFails[2].Reason, Does.Contain("{id} was never captured: nothing to clean up"));
        });
    }

    [Test]
    public async Task A_missing_capture_or_body_text_fails_and_each_stage_runs_only_its_checks()
    {
        var noId = await SmokeSuite.RunAsync([Create], SmokeStages.Preview, "m", (_, _) => Task.FromResult<HttpProbeResponse?>(new HttpProbeResponse(201, "[]")));
        var wrongBody = await SmokeSuite.RunAsync([Read with { Path = "/x" }], SmokeStages.Preview, "m", (_, _) => Task.FromResult<HttpProbeResponse?>(new HttpProbeResponse(200, "other")));
        var publicOnly = Read with { Name = "public", Path = "/", Stages = SmokeStages.Public };
        var preview = await SmokeSuite.RunAsync([publicOnly], SmokeStages.Preview, "m", (_, _) => Task.FromResult<HttpProbeResponse?>(new HttpProbeResponse(200, "m")));

        Assert.Multiple(() =>
        {
            Assert.That(noId[0].Reason, Is.EqualTo("the answer has no JSON property 'id' to capture: []"));
            Assert.That(wrongBody[0].Reason, Is.EqualTo("the body lacks 'm': other"));
            Assert.That(preview, Is.Empty);
        });
    }

    [Test]
    public void The_request_is_http_1_0_with_the_preview_header_and_the_body_length_in_bytes()
    {
        var request = new SmokeRequest("POST", "/api/items", new Dictionary<string, string> { ["Authorization"] = "Bearer t" }, """{"name":"é"}""", "application/json");

        Assert.Multiple(() =>
        {
            Assert.That(request.ToHttp("catalog.example.com", "green2"), Is.EqualTo(
                "POST /api/items HTTP/1.0\r\nHost: catalog.example.com\r\nUser-Agent: slipway-smoke\r\nConnection: close\r\nX-Slipway-Preview: green2\r\n" +
                "Authorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"é\"}"));
            Assert.That(new SmokeRequest("GET", "/", new Dictionary<string, string>(), null, "x").ToHttp("h", null),
                Is.EqualTo("GET / HTTP/1.0\r\nHost: h\r\nUser-Agent: slipway-smoke\r\nConnection: close\r\n\r\n"));
        });
    }

    [Test]
    public void Bad_checks_are_refused_with_what_to_fix()
    {
        var environment = TestEnvironments.Staging with
        {
            SmokeTests =
            [
                new SmokeCheck { Name = "bad", Method = "FETCH", Path = "no-slash", Headers = new Dictionary<string, string> { ["X Bad"] = "v" }, Capture = "a-b" },
            ],
        };

        Assert.That(environment.Problems(), Is.SupersetOf(new[]
        {
            "SmokeTests: smoke check 'bad': Method 'FETCH' must be GET, HEAD, POST, PUT, PATCH or DELETE.",
            "SmokeTests: smoke check 'bad': Path 'no-slash' must start with '/' and contain no spaces or control characters.",
            "SmokeTests: smoke check 'bad': header 'X Bad' must be a plain header name with a one-line value.",
            "SmokeTests: smoke check 'bad': Capture 'a-b' must be a JSON property name of letters, digits and '_'.",
        }));
    }

    [Test]
    public void The_plan_smoke_tests_through_the_preview_after_the_gate_and_through_the_public_endpoint_after_the_switch()
    {
        var v1 = Container("1.0.0", 28100, 0, state: "running");
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));
        var image = DeployImage.FromReference("localhost:5000/app@" + DigestOf("2.0.0")) with { Version = "2.0.0" };
        var environment = TestEnvironments.Staging with { SmokeTests = [Create, Read with { Stages = SmokeStages.Public }, Delete] };
        var plan = DeployPlanner.Plan(environment, image, new EnvironmentSnapshot("staging", [v1], edge, []), [28100], alwaysMigrate: false, "d-2", T0.AddHours(1));
        var kinds = plan.Sequence.Select(s => s.GetType().Name).ToList();
        var smoke = plan.Sequence.OfType<SmokeStep>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(kinds.IndexOf(nameof(SmokeStep)), Is.EqualTo(kinds.IndexOf(nameof(GateStep)) + 1));
            Assert.That(kinds.LastIndexOf(nameof(SmokeStep)), Is.EqualTo(kinds.IndexOf(nameof(SwitchStep)) + 1));
            Assert.That(smoke.Select(s => (s.Stage, s.Checks.Count)), Is.EqualTo(new[] { (SmokeStages.Preview, 2), (SmokeStages.Public, 3) }));
            Assert.That(smoke[1].SwitchBackTo, Is.EqualTo((v1, EdgeSlot.Blue)));
            Assert.That(plan.Describe(), Does.Contain("smoke-test 2.0.0 through the preview route (2 check(s): create an item, delete it) before it takes traffic; a failure aborts")
                .And.Contain("smoke-test 2.0.0 through the public endpoint (3 check(s)); a failure switches back to 1.0.0"));
        });
    }
}
