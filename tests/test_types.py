"""mypy (run by .ci/run and the pre-commit hook) checks where the rules live: every app's services, selectors and
rules, and the shared core, with every function typed. A new app's are checked only once pyproject.toml names them."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def test_mypy_checks_every_apps_services_selectors_and_rules_and_the_core():
    wanted = {"core"} | {
        f"{app}/{name}"
        for app in APPS
        if app != "core"
        for name in ("services.py", "services", "selectors.py", "rules.py")
        if (ROOT / app / name).exists()
    }
    # Other modules with rules in them may be checked too (inbound's mailbox reader).
    missing = wanted - set(mypy_config()["files"])
    assert missing == set(), f"Add to [tool.mypy] files in pyproject.toml: {sorted(missing)}"


def test_mypy_refuses_an_untyped_function_with_djangos_and_drfs_types():
    config = mypy_config()
    assert config["disallow_untyped_defs"] and config["check_untyped_defs"]
    assert {"mypy_django_plugin.main", "mypy_drf_plugin.main"} <= set(config["plugins"])
