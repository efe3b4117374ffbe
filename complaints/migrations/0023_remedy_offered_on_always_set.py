from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0022, which fills the column: a table cannot be altered in the transaction that updated its rows
    # while their trigger events are pending.
    dependencies = [
        ("complaints", "0022_remedy_offered_on"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='remedy',
            constraint=models.CheckConstraint(condition=models.Q(('offered_on__isnull', False)), name='remedy_offered_on'),
        ),
    ]
