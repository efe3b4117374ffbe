"""A PostgreSQL server of the test's own (the embedded one bin/test uses), so a fault test can crash or stop it
without touching the shared test server, and helpers to run manage.py against it in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Instance:
    def __init__(self, data_dir: Path, database: str = "complaints"):
        self.data_dir = data_dir
        self.database = database
        self.url = ""

    def start(self) -> str:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "config.embedded_postgres",
                "start",
                str(self.data_dir),
                "--database",
                self.database,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        self.url = result.stdout.strip().splitlines()[-1]
        return self.url

    def stop(self) -> None:
        """What `pg_ctl stop -m fast` does (SIGINT to the postmaster), sent directly: pg_ctl runs as the server's
        own user, which cannot reach into pytest's private temporary folder."""
        self._signal(signal.SIGINT)

    def crash(self) -> None:
        """kill -9 the postmaster: no shutdown checkpoint, only what the write-ahead log holds survives."""
        self._signal(signal.SIGKILL)
        # The dead postmaster leaves its pid file. PostgreSQL itself sees it is stale, but the wheel asks psutil,
        # which counts a not-yet-reaped (zombie) postmaster as running and would not start the server.
        # PostgreSQL also refuses its socket lock file while that zombie's pid still answers kill 0.
        (self.data_dir / "postmaster.pid").unlink()
        for lock in self.data_dir.glob(".s.PGSQL.*.lock"):
            lock.unlink()

    def _signal(self, signum: int) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().splitlines()[0])
        children = _children(pid)
        os.kill(pid, signum)
        # Wait until the postmaster and its backends have gone (after kill -9 the backends notice and exit on their
        # own); the server refuses to start while one still holds the shared memory.
        deadline = time.monotonic() + 30
        for process in [pid, *children]:
            while _alive(process):
                assert time.monotonic() < deadline, f"postgres process {process} still running"
                time.sleep(0.1)

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, **extra}

    def manage(self, *args: str, **extra: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(**extra), capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child of ours lingers as a zombie until reaped; the server is not our child, but be exact.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children
