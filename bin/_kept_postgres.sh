# For bin/test --fast: the test PostgreSQL kept in .data/test-postgres between runs, so that pytest-django's
# --reuse-db finds each xdist worker's test database already migrated (tests/conftest.py empties it and loads the
# reference data again at the start of each run). Exports DATABASE_URL and stops the server on exit.
PG_DATA="$ROOT/.data/test-postgres"
mkdir -p "$ROOT/.data"
# One fast run at a time per checkout: two would share the test databases.
exec 9>"$ROOT/.data/test-postgres.lock"
flock -n 9 || {
    echo "error: another bin/test --fast is running in this checkout (.data/test-postgres.lock)." >&2
    exit 1
}
APP_TMP="$(mktemp -d /tmp/complaints-test-app.XXXXXX)"
stop_kept_postgres() {
    python -m config.embedded_postgres stop "$PG_DATA" || true
    rm -rf "$APP_TMP"
}
trap stop_kept_postgres EXIT
# 9>&-: the server is not to hold the lock (it would, were this script killed before it stopped the server).
DATABASE_URL="$(python -m config.embedded_postgres start "$PG_DATA" --database complaints 2>/dev/null 9>&-)"
export DATABASE_URL
export DATA_DIR="$APP_TMP/appdata"
