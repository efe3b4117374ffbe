"""The web process as gunicorn starts it (config.wsgi)."""

from __future__ import annotations

import os
import subprocess
import sys

START_UP = """
import gc, sys
before = gc.get_freeze_count()
import config.wsgi
print(before, gc.get_freeze_count(), "config.urls" in sys.modules)
"""


def test_start_up_loads_the_urlconf_and_freezes_what_it_made_out_of_the_collectors_way():
    # In a process of its own: freezing is for the whole process.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", START_UP], capture_output=True, text=True, check=True, env=env)
    before, frozen, urls_loaded = out.stdout.split()
    assert before == "0"
    # Django, the URLconf and the views' libraries: far more than a bare interpreter's few thousand objects.
    assert int(frozen) > 50_000
    assert urls_loaded == "True"
