#!/usr/bin/env bash
# Install PostgreSQL from Debian's packages (if missing), start it on 127.0.0.1 and create the
# test database. Prints the URL to export as THUCYDIDES_TEST_PG_URL.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep "^$version main" | grep -q online; then
    pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 1
done
runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thucydides') THEN
    CREATE ROLE thucydides LOGIN PASSWORD 'thucydides' CREATEDB;
  END IF;
END \$\$;
SQL
if ! runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'thucydides_test'" | grep -q 1; then
    runuser -u postgres -- createdb -p "$port" -O thucydides thucydides_test
fi
echo "postgresql://thucydides:thucydides@127.0.0.1:$port/thucydides_test"
