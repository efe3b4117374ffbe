from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared core"

    def ready(self) -> None:
        from core import schema  # noqa: F401  (registers the schema extensions)

        post_migrate.connect(ensure_role_groups, sender=self)


def ensure_role_groups(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from core.roles import ensure_groups

    ensure_groups(using)
