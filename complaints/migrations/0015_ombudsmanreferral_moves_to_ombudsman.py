# The Ombudsman referral and its history now belong to the ombudsman app (ombudsman 0002), which keeps their
# tables. Here Django forgets the models, and the triggers installed under this app's names are dropped: ombudsman
# 0002 has installed the same triggers under its own.

import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0014_outbox'),
        ('ombudsman', '0002_ombudsmanreferral_moves_here'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name='ombudsmanreferral', name='protect_deletes'),
        pgtrigger.migrations.RemoveTrigger(model_name='ombudsmanreferral', name='insert_insert'),
        pgtrigger.migrations.RemoveTrigger(model_name='ombudsmanreferral', name='update_update'),
        pgtrigger.migrations.RemoveTrigger(model_name='ombudsmanreferral', name='delete_delete'),
        pgtrigger.migrations.RemoveTrigger(model_name='ombudsmanreferralevent', name='append_only'),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='OmbudsmanReferralEvent'),
                migrations.DeleteModel(name='OmbudsmanReferral'),
            ],
        ),
    ]
