from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0011, whose fill leaves trigger events pending that PostgreSQL will not alter the table under.

    dependencies = [
        ("complaints", "0011_stage_response_working_days"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='stage',
            constraint=models.CheckConstraint(condition=models.Q(('responded_on__isnull', True), ('response_working_days__isnull', False), _connector='OR'), name='answered_with_its_working_days'),
        ),
    ]
