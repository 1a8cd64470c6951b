using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Edge;

/// <summary>
/// Renders an environment's HAProxy configuration from its <see cref="EdgeSettings"/>. Pure: the same settings give the
/// same text, so the output is unit-tested as text and validated by <c>haproxy -c</c> in the integration tests.
/// </summary>
/// <remarks>
/// Both slots start in maintenance at a placeholder address; Slipway assigns them through the runtime API and HAProxy
/// restores them from the server-state file on every start. So a deploy never re-renders or reloads the config.
/// </remarks>
internal static class EdgeConfigRenderer
{
    public static string Render(EdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var check = settings.HealthCheck;
        var timeouts = settings.Timeouts;
        var config = new ConfigWriter();

        config.Comment($"HAProxy edge for '{settings.Environment}', rendered by Slipway from its EdgeSettings. Edit the settings, not this file.");
        config.Section("global");
        config.Line("master-worker");
        config.Comment("A second edge on the same port must fail to start, not silently share it; reloads hand the sockets over instead.");
        config.Line("noreuseport");
        config.Comment("The runtime API has admin rights and no authentication: only a unix socket that its owner (and root) can open, never TCP,");
        config.Comment("which every process on the host (another environment's app included, with host networking) could reach.");
        config.Line($"stats socket {HaproxyQuoting.Quote(settings.StatsSocketPath)} mode 600 level admin expose-fd listeners");

        config.Line("stats timeout 30s");
        config.Comment("Slipway writes 'show servers state' here after every change; HAProxy reloads it on start (load-server-state-from-file).");
        config.Line($"server-state-file {HaproxyQuoting.Quote(settings.ServerStateFile)}");
        config.Line($"hard-stop-after {HaproxyQuoting.Duration(timeouts.HardStopAfter)}");
        if (settings.AccessLog)
        {
            config.Line("log stdout format raw local0 info");
        }

        config.Section("defaults");
        config.Line("mode http");
        if (settings.AccessLog)
        {
            config.Line("log global");
        }

        config.Comment("A reload (a changed config) soft-stops the old process: by default it closes its idle keep-alive connections at once, and a");
        config.Comment("client that sends on one just then (wrk, most non-browser clients: no retry) gets a read error. Instead the old process");
        config.Comment("answers the next request on each, with Connection: close (HAProxy 2.6+; measured in docs/edge.md).");
        config.Line("option idle-close-on-response");
        config.Comment("A request whose connection to a slot fails is retried, on the other usable slot if there is one.");
        config.Line("option redispatch");
        config.Line("retries 3");
        config.Line($"timeout connect {HaproxyQuoting.Duration(timeouts.Connect)}");
        config.Line($"timeout client {HaproxyQuoting.Duration(timeouts.Client)}");
        config.Line($"timeout server {HaproxyQuoting.Duration(timeouts.Server)}");
        config.Line($"timeout http-request {HaproxyQuoting.Duration(timeouts.HttpRequest)}");
        config.Line($"timeout http-keep-alive {HaproxyQuoting.Duration(timeouts.HttpKeepAlive)}");
        config.Line($"timeout queue {HaproxyQuoting.Duration(timeouts.Queue)}");
        config.Line($"timeout check {HaproxyQuoting.Duration(check.Timeout)}");
        config.Line("load-server-state-from-file global");

        config.Section("frontend public");
        config.Line($"bind {HaproxyQuoting.Address(settings.PublicEndpoint)}");
        if (settings.AccessLog)
        {
            config.Line("option httplog");
            config.Line("option dontlognull");
        }

        config.Comment("The edge is the first hop: forwarding headers sent by clients are replaced, never trusted.");
        config.Line("http-request del-header X-Forwarded-For");
        config.Line("option forwardfor");
        config.Line("http-request set-header X-Forwarded-Proto https if { ssl_fc }");
        config.Line("http-request set-header X-Forwarded-Proto http if !{ ssl_fc }");
        config.Line("http-request set-header X-Forwarded-Host %[req.hdr(host)]");
        config.Line("http-request set-header X-Forwarded-Port %[dst_port]");
        RenderInternalPaths(config, settings);
        RenderMaintenance(config, settings);
        config.Line($"default_backend {EdgeNames.AppBackend}");

        config.Section($"backend {EdgeNames.AppBackend}");
        config.Line("balance roundrobin");
        config.Comment("A server that closes a kept-alive connection just as a request is sent on it (a task Swarm stops behind one shared upstream,");
        config.Comment("an app that exits) answers nothing; HAProxy would close the client's connection too. A safe request is sent again");
        config.Comment("instead, on a new connection (up to 'retries' times); any other is never repeated, as the app may have acted on it");
        config.Comment("(measured in docs/benchmarks-swarm.md).");
        config.Line("retry-on conn-failure empty-response");
        config.Line("http-request disable-l7-retry unless METH_GET or METH_OPTIONS");
        if (settings.InternalAllowedSources is { Count: > 0 } previewSources)
        {
            config.Comment(
                $"The preview route: a request from an internal source with the {EdgeNames.PreviewHeader} header goes to the server it names, " +
                "even one drained and not yet in rotation (smoke tests of a new version before the switch). Anyone else's header is ignored.");
            config.Line($"acl preview_source src {string.Join(' ', previewSources)}");
            foreach (var server in Enum.GetValues<EdgeSlot>().SelectMany(EdgeServer.AllOf))
            {
                config.Line($"use-server {server.Name} if preview_source {{ req.hdr({EdgeNames.PreviewHeader.ToLowerInvariant()}) -m str {server.Name} }}");
            }
        }

        config.Comment(
            "While two slots share the traffic (a canary: both have usable servers), a client that has seen a version stays on it: the " +
            $"{EdgeNames.CanaryCookie} cookie names its server. Otherwise it is ignored and never set, so a switch moves everyone at once.");
        foreach (var slot in Enum.GetValues<EdgeSlot>())
        {
            config.Line($"acl {slot.ServerName}_usable nbsrv({slot.TrackingBackend}) gt 0");
        }

        var split = string.Join(' ', Enum.GetValues<EdgeSlot>().Select(slot => $"{slot.ServerName}_usable"));
        foreach (var server in Enum.GetValues<EdgeSlot>().SelectMany(EdgeServer.AllOf))
        {
            config.Line($"use-server {server.Name} if {split} {{ req.cook({EdgeNames.CanaryCookie}) {server.Name} }}");
        }

        config.Line($"http-response add-header Set-Cookie \"{EdgeNames.CanaryCookie}=%[srv_name]; Path=/; HttpOnly; SameSite=Lax\" if {split}");
        config.Line("option httpchk");
        config.Line($"http-check send meth GET uri {HaproxyQuoting.Quote(settings.ReadinessPath)} ver HTTP/1.1 hdr Host localhost");
        config.Line("http-check expect status 200");
        config.Comment(
            "Drain-friendly: a slot leaves rotation only through 'state drain' (in-flight requests finish, checks go on, so a " +
            "drained slot stays warm for an instant switch back); checks alone never cut open sessions.");
        config.Line(
            $"default-server check inter {HaproxyQuoting.Duration(check.Interval)} fastinter {HaproxyQuoting.Duration(check.Interval)} " +
            $"downinter {HaproxyQuoting.Duration(check.Interval)} rise {check.Rise.ToString(CultureInfo.InvariantCulture)} " +
            $"fall {check.Fall.ToString(CultureInfo.InvariantCulture)} weight {EdgeNames.FullWeight.ToString(CultureInfo.InvariantCulture)}");
        config.Comment($"Replica 1 of each slot, then its further replicas ({EdgeServer.MaxReplicas} at most), all unassigned until a deploy or Scale points them at a container.");
        foreach (var server in Enumerable.Range(1, EdgeServer.MaxReplicas).SelectMany(replica => Enum.GetValues<EdgeSlot>().Select(slot => new EdgeServer(slot, replica))))
        {
            config.Line($"server {server.Name} {Unassigned} disabled");
        }

        foreach (var slot in Enum.GetValues<EdgeSlot>())
        {
            config.Section($"backend {slot.TrackingBackend}");
            config.Comment($"Never receives traffic: its servers follow the {slot.ServerName} servers' health, drain and maintenance, so nbsrv() counts the slot's usable ones.");
            foreach (var server in EdgeServer.AllOf(slot))
            {
                config.Line($"server {server.Name} {Unassigned} track {EdgeNames.AppBackend}/{server.Name}");
            }
        }

        config.Section($"backend {EdgeNames.MaintenanceBackend}");
        config.Comment("Never receives traffic: its one server's admin state is the maintenance switch, persisted in the server-state file.");
        config.Line($"server {EdgeNames.MaintenanceServer} {Unassigned} disabled");

        if (settings.PrometheusPort is { } prometheusPort)
        {
            config.Section("frontend prometheus");
            config.Line($"bind ipv4@127.0.0.1:{prometheusPort.ToString(CultureInfo.InvariantCulture)}");
            config.Line("no log");
            config.Line("http-request use-service prometheus-exporter if { path /metrics }");
            config.Line("http-request return status 404");
        }

        return config.ToString();
    }

    /// <summary>
    /// Refuses <see cref="EdgeSettings.InternalPaths"/> to clients outside <see cref="EdgeSettings.InternalAllowedSources"/>.
    /// No plain <c>path_beg</c>: the service's router ignores case, decodes percent-escapes and removes dot segments, so
    /// <c>/METRICS</c>, <c>/%6detrics</c> and <c>/x/../metrics</c> would reach it. So the path is compared decoded and lower
    /// case, and a path with dot segments that names an internal path is refused as well (clients remove dot segments
    /// before sending, so no honest request has them).
    /// </summary>
    private static void RenderInternalPaths(ConfigWriter config, EdgeSettings settings)
    {
        if (settings.InternalPaths is not { Count: > 0 } paths)
        {
            return;
        }

        var sources = settings.InternalAllowedSources ?? [];
        config.Comment(
            $"Internal paths only for {(sources.Count == 0 ? "no one" : "the allowed sources")} (403 otherwise), matched as the " +
            "service matches them: any case, percent-decoded, also behind dot segments.");
        config.Line($"acl internal_path path,url_dec,lower -m str {string.Join(' ', paths)}");
        config.Line($"acl internal_path path,url_dec,lower -m beg {string.Join(' ', paths.Select(p => p + "/"))}");
        config.Line("acl dot_segments path,url_dec -m sub /./ /../");
        config.Line("acl dot_segments path,url_dec -m end /. /..");
        config.Line($"acl names_internal_path path,url_dec,lower -m sub {string.Join(' ', paths)}");
        var unlessAllowed = string.Empty;
        if (sources.Count > 0)
        {
            config.Line($"acl internal_source src {string.Join(' ', sources)}");
            unlessAllowed = " !internal_source";
        }

        config.Line($"http-request deny deny_status 403 if internal_path{unlessAllowed}");
        config.Line($"http-request deny deny_status 403 if dot_segments names_internal_path{unlessAllowed}");
    }

    /// <summary>
    /// The maintenance page: on while the maintenance backend's one server is enabled (the switch, kept in the
    /// server-state file) and the deadline in the maintenance map, if any, is ahead of the edge's own clock — so it ends
    /// by itself even when nobody runs --off. HTML for clients that accept it, JSON otherwise, with Retry-After: the seconds
    /// left, or the map's value without a deadline. Health checks run behind it as ever.
    /// </summary>
    private static void RenderMaintenance(ConfigWriter config, EdgeSettings settings)
    {
        var map = settings.MaintenanceMapFile;
        config.Comment("Maintenance: the switch is the maintenance backend's server (server-state file); the page and its deadline are in the map, bodies base64.");
        config.Line($"acl maintenance_switch nbsrv({EdgeNames.MaintenanceBackend}) gt 0");
        config.Line($"http-request set-var(txn.maintenance_until) str({MaintenancePage.UntilKey}),map({map},0) if maintenance_switch");
        config.Line("http-request set-var(txn.maintenance_left) date,neg,add(txn.maintenance_until) if maintenance_switch");
        config.Line("acl maintenance_deadline var(txn.maintenance_until) -m int gt 0");
        config.Line("acl maintenance_over var(txn.maintenance_left) -m int le 0");
        config.Line(string.Create(CultureInfo.InvariantCulture,
            $"http-request set-var(txn.maintenance_retry) str({MaintenancePage.RetryAfterKey}),map({map},{(long)settings.MaintenanceRetryAfter.TotalSeconds}) if maintenance_switch"));
        config.Line("http-request set-var(txn.maintenance_retry) var(txn.maintenance_left) if maintenance_switch maintenance_deadline");
        config.Line("acl wants_html req.hdr(accept) -m sub -i text/html");
        const string during = "maintenance_switch !maintenance_deadline {0} or maintenance_switch !maintenance_over {0}";
        config.Line(
            "http-request return status 503 content-type \"text/html; charset=utf-8\" hdr Retry-After \"%[var(txn.maintenance_retry)]\" hdr Cache-Control no-store " +
            $"lf-string \"%[str({MaintenancePage.HtmlKey}),map({map}),b64dec]\" if " + string.Format(CultureInfo.InvariantCulture, during, "wants_html"));
        config.Line(
            "http-request return status 503 content-type application/json hdr Retry-After \"%[var(txn.maintenance_retry)]\" hdr Cache-Control no-store " +
            $"lf-string \"%[str({MaintenancePage.JsonKey}),map({map}),b64dec]\" if " + string.Format(CultureInfo.InvariantCulture, during, "!wants_html"));
    }

    private static string Unassigned =>
        $"{EdgeNames.UnassignedHost}:{EdgeNames.UnassignedPort.ToString(CultureInfo.InvariantCulture)}";

    private sealed class ConfigWriter
    {
        private readonly StringBuilder text = new();
        private bool inSection;

        public void Section(string header)
        {
            text.Append('\n').Append(header).Append('\n');
            inSection = true;
        }

        public void Line(string line) => text.Append(inSection ? "    " : string.Empty).Append(line).Append('\n');

        public void Comment(string comment) => Line("# " + comment);

        public override string ToString() => text.ToString();
    }
}
