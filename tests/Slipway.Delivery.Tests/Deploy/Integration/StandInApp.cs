namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// A stand-in service image for the deploy tests that need a misbehaving version on demand: built in a second FROM
/// the local haproxy stand-in, it has the commands a deploy runs (<c>migrate [--backup-to FILE]</c> like Catalog.Api's,
/// and a separate <c>backup --to FILE</c> for the two-step path) and serves HTTP with HAProxy itself (fast and steady
/// under wrk) on the address of <c>ASPNETCORE_URLS</c> (loopback without one), its behaviour fixed at build time: the version it reports, what readiness answers, what every other path
/// answers, a failing migration, one that fails after another committed and restores the backup (exit 4) or cannot (exit 5), a
/// failing backup (exit 3, nothing migrated), a crash at start, a share of failing requests (from the start, or after a while), and the schema fingerprint
/// label DockerBuild would stamp (v1 and v2 share one, v3 has another, the rest none). The zero-downtime test
/// uses the real Catalog.Api image instead. It runs as Catalog.Api's user (uid 1654, the .NET images' APP_UID) and owns
/// its data volume as that user, as consecutive versions of one service do, so an environment can go from the stand-in
/// to the real service.
/// </summary>
internal static class StandInApp
{
    public const string Dockerfile = """
        ARG BASE=slipway/standin-haproxy:2.6
        FROM ${BASE}
        COPY --chown=1654:1654 data/ /app/data/
        COPY app.cfg entrypoint.sh /app/
        ARG VERSION=1.0.0
        ARG READY_STATUS=200
        ARG APP_STATUS=200
        ARG MIGRATE_FAILS=0
        ARG BACKUP_FAILS=0
        ARG CRASH=0
        ARG FAIL_PERCENT=0
        ARG DEGRADE_AFTER=0
        ARG SCHEMA=
        ENV APP_VERSION=$VERSION READY_STATUS=$READY_STATUS APP_STATUS=$APP_STATUS MIGRATE_FAILS=$MIGRATE_FAILS BACKUP_FAILS=$BACKUP_FAILS CRASH=$CRASH FAIL_PERCENT=$FAIL_PERCENT DEGRADE_AFTER=$DEGRADE_AFTER ASPNETCORE_HTTP_PORTS=8080
        LABEL org.opencontainers.image.version=$VERSION org.opencontainers.image.revision=standin-$VERSION org.slipway.schema=$SCHEMA
        VOLUME ["/app/data"]
        USER 1654
        STOPSIGNAL SIGUSR1
        ENTRYPOINT ["sh", "/app/entrypoint.sh"]
        """;

    public const string Config = """
        global
            maxconn 2000
        defaults
            mode http
            timeout connect 2s
            timeout client 30s
            timeout server 30s
            timeout http-keep-alive 30s
        frontend app
            bind "${LISTEN_ADDRESS}:${ASPNETCORE_HTTP_PORTS}"
            http-request return status "${READY_STATUS}" content-type text/plain string "ready ${APP_VERSION}" if { path /health /health/ready /health/live }
            http-request return status 200 content-type application/json string "{\"service\":\"standin\",\"version\":\"${APP_VERSION}\"}" if { path /status }
            http-request return status 500 content-type text/plain string "${APP_VERSION}" if { rand(100) lt "${FAIL_PERCENT}" }
            http-request return status 500 content-type text/plain string "${APP_VERSION}" if { date ge "${DEGRADE_AT}" } { rand(100) lt 50 }
            http-request return status "${APP_STATUS}" content-type text/plain string "${APP_VERSION}"
        """;

    public const string Entrypoint = """
        #!/bin/sh
        case "$1" in
          migrate)
            echo "standin $APP_VERSION: migrate"
            if [ "$2" = "--backup-to" ] && [ -n "$3" ]; then
              if [ ! -f /app/data/migrations ]; then
                echo "standin $APP_VERSION: no data yet: nothing to back up"
              elif [ "$BACKUP_FAILS" != 0 ]; then
                echo "standin $APP_VERSION: backup to $3 failed: no space left on device; nothing was migrated" >&2; exit 3
              else
                mkdir -p "$(dirname "$3")" && cp /app/data/migrations "$3" && echo "standin $APP_VERSION: backed up to $3" || exit 3
              fi
            elif [ -n "$2" ]; then
              echo "usage: migrate [--backup-to FILE]" >&2; exit 2
            fi
            if [ "$MIGRATE_FAILS" = 4 ] || [ "$MIGRATE_FAILS" = 5 ]; then
              echo "$APP_VERSION-half" >> /app/data/migrations
              echo "standin $APP_VERSION: migration 43 failed after migration 42 committed" >&2
              if [ "$MIGRATE_FAILS" = 5 ]; then echo "standin $APP_VERSION: restoring $3 failed: connection lost" >&2; exit 5; fi
              cp "$3" /app/data/migrations && echo "standin $APP_VERSION: restored $3" >&2; exit 4
            fi
            if [ "$MIGRATE_FAILS" != 0 ]; then echo "standin $APP_VERSION: migration 42 failed: duplicate column" >&2; exit 1; fi
            echo "$APP_VERSION" >> /app/data/migrations
            exit 0 ;;
          restore)
            [ "$2" = "--from" ] || { echo "usage: restore --from FILE" >&2; exit 2; }
            cp "$3" /app/data/migrations && echo "standin $APP_VERSION: restored $3"
            exit $? ;;
          backup)
            [ "$2" = "--to" ] || { echo "usage: backup --to FILE" >&2; exit 2; }
            mkdir -p "$(dirname "$3")" && cp /app/data/migrations "$3" && echo "standin $APP_VERSION: backed up to $3"
            exit $? ;;
        esac
        if [ "$CRASH" != 0 ]; then echo "standin $APP_VERSION: cannot start: configuration is invalid" >&2; exit 3; fi
        if [ "$DEGRADE_AFTER" != 0 ]; then DEGRADE_AT=$(( $(date +%s) + DEGRADE_AFTER )); else DEGRADE_AT=99999999999; fi
        export DEGRADE_AT
        # The address of ASPNETCORE_URLS (http://<address>:<port>), as Kestrel takes it; loopback without one.
        LISTEN_ADDRESS=127.0.0.1
        case "$ASPNETCORE_URLS" in http://*:*) LISTEN_ADDRESS=${ASPNETCORE_URLS#http://}; LISTEN_ADDRESS=${LISTEN_ADDRESS%:*} ;; esac
        case "$LISTEN_ADDRESS" in "+"|"*") LISTEN_ADDRESS=0.0.0.0 ;; esac
        export LISTEN_ADDRESS
        echo "standin $APP_VERSION listening on $LISTEN_ADDRESS:$ASPNETCORE_HTTP_PORTS"
        exec haproxy -db -f /app/app.cfg
        """;

    public const string SchemaA = "sha256:aaaa000000000000000000000000000000000000000000000000000000000001";
    public const string SchemaB = "sha256:bbbb000000000000000000000000000000000000000000000000000000000002";

    /// <summary>The variants the tests deploy, by tag: version and the build arguments that make it misbehave.</summary>
    public static IReadOnlyList<(string Tag, string Version, IReadOnlyDictionary<string, string> Arguments)> Variants { get; } =
    [
        ("v1", "1.0.0", new Dictionary<string, string> { ["SCHEMA"] = SchemaA }),
        ("v2", "2.0.0", new Dictionary<string, string> { ["SCHEMA"] = SchemaA }),
        ("v3", "3.0.0", new Dictionary<string, string> { ["SCHEMA"] = SchemaB }),
        ("v4", "4.0.0", new Dictionary<string, string>()),
        ("never-ready", "5.0.0-never-ready", new Dictionary<string, string> { ["READY_STATUS"] = "503" }),
        ("fivexx", "6.0.0-fivexx", new Dictionary<string, string> { ["APP_STATUS"] = "500" }),
        // Ready and answering, but 40 % of its requests fail: what only a canary's analysis sees before everyone does.
        ("flaky", "6.1.0-flaky", new Dictionary<string, string> { ["FAIL_PERCENT"] = "40" }),
        // Healthy for its first 14 s, then half its requests fail: a service that degrades while Monitor watches it.
        ("degrading", "6.2.0-degrading", new Dictionary<string, string> { ["DEGRADE_AFTER"] = "14" }),
        ("bad-migration", "7.0.0-bad-migration", new Dictionary<string, string> { ["MIGRATE_FAILS"] = "1" }),
        ("bad-backup", "7.1.0-bad-backup", new Dictionary<string, string> { ["BACKUP_FAILS"] = "1" }),
        // A later migration fails after an earlier one committed: the app restores its backup (exit 4), or cannot (exit 5).
        ("restored-migration", "7.2.0-restored-migration", new Dictionary<string, string> { ["MIGRATE_FAILS"] = "4" }),
        ("unrestorable-migration", "7.3.0-unrestorable-migration", new Dictionary<string, string> { ["MIGRATE_FAILS"] = "5" }),
        ("crash", "8.0.0-crash", new Dictionary<string, string> { ["CRASH"] = "1" }),
    ];
}
