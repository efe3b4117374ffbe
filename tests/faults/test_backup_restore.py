"""bin/backup and bin/restore, end to end: cases made through the workflow in a server of the test's own are
backed up, restored into a fresh server, and read back the same."""

from __future__ import annotations

import json
import os
import subprocess

from tests.faults.instance import ROOT, Instance

SEED = "from tests.faults.seed import seed; seed()"
SNAPSHOT = "from tests.faults.seed import snapshot; snapshot()"


def run(command, **env):
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_restored_into_an_empty_server_brings_back_the_cases_the_audit_trail_and_the_documents(tmp_path):
    live = Instance(tmp_path / "live")
    fresh = Instance(tmp_path / "fresh")
    live.start()
    try:
        live_media = str(tmp_path / "live-media")
        live.manage("migrate", "--no-input")
        live.manage("shell", "-c", SEED, MEDIA_ROOT=live_media)
        before = json.loads(live.manage("shell", "--no-imports", "-c", SNAPSHOT, MEDIA_ROOT=live_media))
        folder = run(
            [str(ROOT / "bin/backup"), str(tmp_path / "backups")], DATABASE_URL=live.url, MEDIA_ROOT=live_media
        ).strip()
    finally:
        live.stop()

    fresh.start()
    try:
        fresh_media = str(tmp_path / "fresh-media")
        run([str(ROOT / "bin/restore"), folder], DATABASE_URL=fresh.url, MEDIA_ROOT=fresh_media)
        after = json.loads(fresh.manage("shell", "--no-imports", "-c", SNAPSHOT, MEDIA_ROOT=fresh_media))
        # A second restore over the restored data is refused rather than mixed in.
        again = subprocess.run(
            [str(ROOT / "bin/restore"), folder],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": fresh.url, "MEDIA_ROOT": fresh_media},
            capture_output=True,
            text=True,
        )
    finally:
        fresh.stop()

    assert len(before["complaints"]) == 3
    assert len(before["documents"]) == 2  # the two acknowledgement letters
    assert sum(before["events"].values()) > 0
    assert after == before
    assert all(document["matches"] for document in after["documents"])
    assert again.returncode != 0
    assert "restore only into an empty database" in again.stderr
