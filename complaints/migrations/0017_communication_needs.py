"""Reasonable adjustments record the communication need they meet (Code 5.10). An adjustment recorded before, in words,
is another adjustment ("other") and keeps its words."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0016_outgoing_message_code_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='reasonableadjustment',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='reasonableadjustment',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='reasonableadjustment',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='reasonableadjustment',
            name='language',
            field=models.CharField(blank=True, help_text='Which language, for another language.', max_length=100),
        ),
        migrations.AddField(
            model_name='reasonableadjustment',
            name='need',
            field=models.CharField(choices=[('large_print', 'Large print'), ('easy_read', 'Easy read'), ('other_language', 'Another language'), ('braille', 'Braille'), ('audio', 'Audio'), ('phone_calls', 'Phone calls rather than letters'), ('bsl', 'British Sign Language'), ('other', 'Another adjustment')], default='other', max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='reasonableadjustmentevent',
            name='language',
            field=models.CharField(blank=True, help_text='Which language, for another language.', max_length=100),
        ),
        migrations.AddField(
            model_name='reasonableadjustmentevent',
            name='need',
            field=models.CharField(choices=[('large_print', 'Large print'), ('easy_read', 'Easy read'), ('other_language', 'Another language'), ('braille', 'Braille'), ('audio', 'Audio'), ('phone_calls', 'Phone calls rather than letters'), ('bsl', 'British Sign Language'), ('other', 'Another adjustment')], default='other', max_length=20),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='reasonableadjustment',
            name='adjustment',
            field=models.TextField(blank=True, help_text='What was agreed; for another adjustment, the adjustment.'),
        ),
        migrations.AlterField(
            model_name='reasonableadjustmentevent',
            name='adjustment',
            field=models.TextField(blank=True, help_text='What was agreed; for another adjustment, the adjustment.'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='reasonableadjustment',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "complaints_reasonableadjustmentevent" ("adjustment", "agreed_on", "created_at", "ended_on", "id", "language", "last_reviewed_on", "need", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "resident_id", "review_due", "updated_at") VALUES (NEW."adjustment", NEW."agreed_on", NEW."created_at", NEW."ended_on", NEW."id", NEW."language", NEW."last_reviewed_on", NEW."need", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."recorded_by_id", NEW."resident_id", NEW."review_due", NEW."updated_at"); RETURN NULL;', hash='4dba017a0d4c3cac4b8efeabfaed519d4a6ff297', operation='INSERT', pgid='pgtrigger_insert_insert_89fba', table='complaints_reasonableadjustment', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='reasonableadjustment',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "complaints_reasonableadjustmentevent" ("adjustment", "agreed_on", "created_at", "ended_on", "id", "language", "last_reviewed_on", "need", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "resident_id", "review_due", "updated_at") VALUES (NEW."adjustment", NEW."agreed_on", NEW."created_at", NEW."ended_on", NEW."id", NEW."language", NEW."last_reviewed_on", NEW."need", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."recorded_by_id", NEW."resident_id", NEW."review_due", NEW."updated_at"); RETURN NULL;', hash='a9010489b26c9592007d1e19c3284cca6e2b443f', operation='UPDATE', pgid='pgtrigger_update_update_0259d', table='complaints_reasonableadjustment', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='reasonableadjustment',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "complaints_reasonableadjustmentevent" ("adjustment", "agreed_on", "created_at", "ended_on", "id", "language", "last_reviewed_on", "need", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "resident_id", "review_due", "updated_at") VALUES (OLD."adjustment", OLD."agreed_on", OLD."created_at", OLD."ended_on", OLD."id", OLD."language", OLD."last_reviewed_on", OLD."need", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."recorded_by_id", OLD."resident_id", OLD."review_due", OLD."updated_at"); RETURN NULL;', hash='fcc5f073b5b14b0d664d5e4a8482eab849b13367', operation='DELETE', pgid='pgtrigger_delete_delete_66d38', table='complaints_reasonableadjustment', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='reasonableadjustment',
            constraint=models.CheckConstraint(condition=models.Q(('need__in', ['large_print', 'easy_read', 'other_language', 'braille', 'audio', 'phone_calls', 'bsl', 'other'])), name='adjustment_need_known'),
        ),
        migrations.AddConstraint(
            model_name='reasonableadjustment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('language__gt', ''), ('need', 'other_language')), models.Q(models.Q(('need', 'other_language'), _negated=True), ('language', '')), _connector='OR'), name='adjustment_language_for_another_language'),
        ),
        migrations.AddConstraint(
            model_name='reasonableadjustment',
            constraint=models.CheckConstraint(condition=models.Q(('adjustment', ''), ('need', 'other'), _negated=True), name='adjustment_other_is_described'),
        ),
    ]
