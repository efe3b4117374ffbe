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
    ["learning", "ombudsman", "surveys", "inbound", "notes"],
    ["casework", "public_pages", "golive"],  # the pages that bring the case and its satellites together
    ["demo"],  # demo data imports everyone; nobody imports it
    ["config"],
]
LAYER_OF = {app: number for number, apps in enumerate(LAYERS) for app in apps}


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
    upward = {pair: files for pair, files in app_imports().items() if LAYER_OF[pair[1]] >= LAYER_OF[pair[0]]}
    assert upward == {}, "These imports go up or across the layers; register with the lower app instead."


def test_nobody_imports_the_demo_data():
    assert [importer for importer, imported in app_imports() if imported == "demo"] == []


def test_the_check_sees_every_form_of_import(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "import casework.views\nfrom reporting import panels\n"
        "def later():\n    from demo.management.commands import demo_data\n"
        "from . import sibling\nimport json\n"
    )
    assert imported_apps(source) == {"casework", "reporting", "demo"}
