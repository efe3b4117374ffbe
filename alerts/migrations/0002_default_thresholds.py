from django.db import migrations

# The brief's table of what is alerted and when, in working days.
DEFAULTS = [
    # kind, working days before, on the day, when overdue, overdue also to the line manager, working days after
    ("acknowledgement_due", 1, True, True, False, None),
    ("response_due", 2, True, True, True, None),
    ("reviewer_needed", None, False, False, False, 1),
    ("extension_cap", None, False, False, False, None),
    ("update_due", None, True, False, False, None),
    ("action_due", 2, True, True, False, None),
    ("remedy_due", 2, True, True, False, None),
    ("adjustment_review", 5, True, False, False, None),
    ("restriction_review", 5, True, False, False, None),
]


def add_defaults(apps, schema_editor):
    AlertThreshold = apps.get_model("alerts", "AlertThreshold")
    for kind, before, on_the_day, overdue, to_manager, after in DEFAULTS:
        AlertThreshold.objects.get_or_create(
            kind=kind,
            defaults={
                "working_days_before": before,
                "on_the_day": on_the_day,
                "when_overdue": overdue,
                "overdue_to_manager": to_manager,
                "working_days_after": after,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
