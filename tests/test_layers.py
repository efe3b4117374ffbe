"""The apps are layered: each imports only apps below it, so the import graph has no cycle and a change to a
satellite (learning, surveys, the Ombudsman's casework) can never break the case domain. Where a lower app needs to
hear from a higher one, the higher one registers with it (reporting's panels, privacy's personal data)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# From the ground up. An app may import any app on a lower line, and none on its own line or above.
LAYERS = [
    ["core"],  # no domain: base models, errors, service plumbing, uploads, PDFs, cells, roles, API field types
    ["ui", "identity"],  # page and form helpers; staff sign-in
    ["complaints"],  # the case domain
    ["privacy", "selfassessment"],
    ["reporting", "alerts"],
    ["learning", "ombudsman", "surveys", "inbound"],
    ["casework", "public_pages"],  # the pages that bring the case and its satellites together
    ["demo"],  # demo data imports everyone; nobody imports it
    ["config"],
]
LAYER_OF = {app: number for number, apps in enumerate(LAYERS) for app in apps}

# Imports that break the layering today, each to be turned into a registration. This list only shrinks.
NOT_YET_LAYERED: set[tuple[str, str]] = {}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & set(LAYER_OF)


def app_imports() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) -> the files that import it, for every pair of different apps."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for app in LAYER_OF:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for imported in imported_apps(path) - {app}:
                pairs.setdefault((app, imported), []).append(str(path.relative_to(ROOT)))
    return pairs


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"config"}
    assert apps == set(LAYER_OF)


def test_no_app_imports_its_own_layer_or_above():
    upward = {
        pair: files
        for pair, files in app_imports().items()
        if LAYER_OF[pair[1]] >= LAYER_OF[pair[0]] and pair not in NOT_YET_LAYERED
    }
    assert upward == {}, "These imports go up or across the layers; register with the lower app instead."


def test_the_list_of_imports_not_yet_layered_only_shrinks():
    still_there = set(app_imports())
    assert still_there >= NOT_YET_LAYERED, f"Fixed, so remove from NOT_YET_LAYERED: {NOT_YET_LAYERED - still_there}"


def test_nobody_imports_the_demo_data():
    assert [importer for importer, imported in app_imports() if imported == "demo"] == []
