#!/usr/bin/env bash
# Provisions the PostgreSQL server the Catalog.Api tests run against:
# Debian's PostgreSQL on 127.0.0.1:5432 with a login role slipway/slipway (CREATEDB).
# Idempotent: safe to run again on a machine where it already ran (installs, starts and creates only what is missing).
set -euo pipefail

readonly PORT=5432
readonly ROLE=slipway
readonly ROLE_PASSWORD=slipway

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  echo "provision-postgres: installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

# The newest installed server version (Debian 12 ships 15).
version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
if [[ -z "${version}" ]]; then
  echo "provision-postgres: no PostgreSQL server found under /usr/lib/postgresql" >&2
  exit 1
fi

# Installing the package creates the 'main' cluster; a machine where it was dropped gets a new one.
if ! pg_lsclusters --no-header | awk '{print $1" "$2}' | grep -qx "${version} main"; then
  echo "provision-postgres: creating cluster ${version}/main on port ${PORT}"
  pg_createcluster --port "${PORT}" "${version}" main >/dev/null
fi

cluster_port="$(pg_lsclusters --no-header | awk -v v="${version}" '$1 == v && $2 == "main" {print $3}')"
if [[ "${cluster_port}" != "${PORT}" ]]; then
  echo "provision-postgres: cluster ${version}/main listens on port ${cluster_port}, expected ${PORT}" >&2
  echo "provision-postgres: set 'port = ${PORT}' in /etc/postgresql/${version}/main/postgresql.conf or free the port" >&2
  exit 1
fi

cluster_status="$(pg_lsclusters --no-header | awk -v v="${version}" '$1 == v && $2 == "main" {print $4}')"
if [[ "${cluster_status}" != "online" ]]; then
  echo "provision-postgres: starting cluster ${version}/main"
  # Debian's default listen_addresses is 'localhost', so the server is reachable on 127.0.0.1 only.
  pg_ctlcluster "${version}" main start
fi

for _ in $(seq 1 60); do
  if pg_isready --quiet --host 127.0.0.1 --port "${PORT}"; then
    break
  fi
  sleep 0.5
done
if ! pg_isready --quiet --host 127.0.0.1 --port "${PORT}"; then
  echo "provision-postgres: server did not accept connections on 127.0.0.1:${PORT}; see /var/log/postgresql/postgresql-${version}-main.log" >&2
  exit 1
fi

# Create or repair the test role (password reset each time, so a changed password cannot break CI).
runuser -u postgres -- psql --quiet --no-psqlrc --port "${PORT}" --set ON_ERROR_STOP=1 --dbname postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${ROLE_PASSWORD}';
  ELSE
    ALTER ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${ROLE_PASSWORD}';
  END IF;
END
\$\$;
SQL

echo "provision-postgres: PostgreSQL ${version} ready on 127.0.0.1:${PORT} (role ${ROLE})"
