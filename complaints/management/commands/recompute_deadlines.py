from django.core.management.base import BaseCommand

from complaints.models import Stage
from complaints.services.deadlines import deadlines_recompute, response_working_days_recompute


class Command(BaseCommand):
    help = (
        "Recompute the due dates of every open complaint stage, and the working days every answered stage took to "
        "respond, e.g. after upgrading the bank-holiday package or changing WORKING_DAY_CALENDAR. Each moved date "
        "is recorded on its case."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reason", default="working-day calendar updated")

    def handle(self, *args, reason: str, **options):
        moved = deadlines_recompute(reason=reason)
        self.stdout.write(f"Due dates moved on {moved} open complaint stage(s).")
        recounted = response_working_days_recompute(Stage.objects.all())
        self.stdout.write(f"Working days to respond changed on {recounted} answered stage(s).")
