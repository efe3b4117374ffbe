"""Prints the security code the demo users' authenticator app would show now (see demo_data.DEMO_TOTP_SECRET)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.management.commands.demo_data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current security code for the demo users (development only: DEBUG must be on)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo (DEBUG on) only.")
        step = int(time.time()) // 30
        seconds_left = 30 - int(time.time()) % 30
        self.stdout.write(f"{format_hotp_value(hotp_value(DEMO_TOTP_SECRET, step))} (valid for {seconds_left} more s)")
