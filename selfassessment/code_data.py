"""Loading an edition of the Code from its data file in `selfassessment/data/`.

Used by the data migration and by `manage.py load_code_version`, so a future edition of the Code is a new JSON
file, not a code change. Loading the same file again brings the stored provisions into line with it."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED = ["hos-2024.json", "hos-2022.json"]


def code_data_read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def code_version_load(data: dict[str, Any], *, models: Any) -> Any:
    """Store one edition of the Code. `models` gives CodeVersion, CodeSection, Provision, ProvisionItem and
    Regime: the real classes, or a migration's historical ones."""
    regime = models.Regime.objects.filter(code=data["regime"]).first() if data.get("regime") else None
    version, _ = models.CodeVersion.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "publisher": data["publisher"],
            "published_on": _date(data.get("published_on")),
            "applies_from": _date(data.get("applies_from")),
            "last_revised_on": _date(data.get("last_revised_on")),
            "source": data.get("source", ""),
            "regime": regime,
            "live_figures": data.get("live_figures", False),
        },
    )
    position = 0
    for section_data in data["sections"]:
        section, _ = models.CodeSection.objects.update_or_create(
            code_version=version, number=section_data["number"], defaults={"title": section_data["title"]}
        )
        for provision_data in section_data["provisions"]:
            position += 1
            provision, _ = models.Provision.objects.update_or_create(
                code_version=version,
                number=provision_data["number"],
                defaults={
                    "section": section,
                    "position": position,
                    "requirement": provision_data["requirement"],
                    "obligation": provision_data.get("obligation", "must"),
                },
            )
            models.ProvisionItem.objects.filter(provision=provision).delete()
            models.ProvisionItem.objects.bulk_create(
                models.ProvisionItem(provision=provision, position=index, label=item["label"], text=item["text"])
                for index, item in enumerate(provision_data["items"], start=1)
            )
    return version
