from django.db import migrations

# kind, working days before, on the day, when overdue, overdue also to the line manager, working days after
DEFAULTS = [
    ("ombudsman_order_due", 5, True, True, False, None),
    ("handling_failure_order_due", 5, True, True, False, None),
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
    dependencies = [("alerts", "0003_ombudsman_kinds")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
