from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.core.management.base import BaseCommand
from django.db import transaction

from complaints.models import Regime
from selfassessment import models
from selfassessment.code_data import code_data_read, code_version_load


class Command(BaseCommand):
    help = "Load (or bring up to date) an edition of the Code from its JSON data file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        namespace = SimpleNamespace(
            CodeVersion=models.CodeVersion,
            CodeSection=models.CodeSection,
            Provision=models.Provision,
            ProvisionItem=models.ProvisionItem,
            Regime=Regime,
        )
        with transaction.atomic():
            version = code_version_load(code_data_read(path), models=namespace)
        self.stdout.write(f"{version.name}: {version.provisions.count()} provisions.")
