"""The default closing offered every resident other formats ("If you need this letter in another format, such as large
print..."), even those who had told us theirs. The offer now has a part of its own, which the system leaves out of
their letters. A closing in which an administrator reworded the offer is theirs, and is left as it is (the
function is idempotent: tests/conftest.py runs it again with the reference data)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

OFFER = (
    "If you need this letter in another format, such as large print, Braille, audio or another language, or you "
    "need any other help to take part in the complaints process, please tell us."
)


def offer_apart(apps, schema_editor):
    LetterTemplate = apps.get_model("complaints", "LetterTemplate")
    for template in LetterTemplate.objects.filter(closing__contains=OFFER):
        template.closing = template.closing.replace(OFFER, "").strip()
        template.other_formats = OFFER
        template.save(update_fields=["closing", "other_formats"])


def offer_back(apps, schema_editor):
    LetterTemplate = apps.get_model("complaints", "LetterTemplate")
    for template in LetterTemplate.objects.filter(other_formats=OFFER):
        template.closing = f"{template.closing} {OFFER}".strip()
        template.other_formats = ""
        template.save(update_fields=["closing", "other_formats"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0017_communication_needs")]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='lettertemplate',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='lettertemplate',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='lettertemplate',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='lettertemplate',
            name='other_formats',
            field=models.TextField(blank=True, help_text='Comes after the closing. Left out of letters to a resident whose formats are already recorded (large print, easy read, another language, Braille or audio): they have told us what they need.', verbose_name='offer of other formats'),
        ),
        migrations.AddField(
            model_name='lettertemplateevent',
            name='other_formats',
            field=models.TextField(blank=True, help_text='Comes after the closing. Left out of letters to a resident whose formats are already recorded (large print, easy read, another language, Braille or audio): they have told us what they need.', verbose_name='offer of other formats'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='lettertemplate',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "complaints_lettertemplateevent" ("closing", "created_at", "id", "kind", "opening", "other_formats", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "signature", "subject", "updated_at", "version") VALUES (NEW."closing", NEW."created_at", NEW."id", NEW."kind", NEW."opening", NEW."other_formats", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."signature", NEW."subject", NEW."updated_at", NEW."version"); RETURN NULL;', hash='cb3e405e82c45ef3d4955359f3edac8f3d2bf579', operation='INSERT', pgid='pgtrigger_insert_insert_56ca1', table='complaints_lettertemplate', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='lettertemplate',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "complaints_lettertemplateevent" ("closing", "created_at", "id", "kind", "opening", "other_formats", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "signature", "subject", "updated_at", "version") VALUES (NEW."closing", NEW."created_at", NEW."id", NEW."kind", NEW."opening", NEW."other_formats", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."signature", NEW."subject", NEW."updated_at", NEW."version"); RETURN NULL;', hash='2a8d0c238b27d43d57d71b9d538d90090b0cd714', operation='UPDATE', pgid='pgtrigger_update_update_79cdd', table='complaints_lettertemplate', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='lettertemplate',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "complaints_lettertemplateevent" ("closing", "created_at", "id", "kind", "opening", "other_formats", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "signature", "subject", "updated_at", "version") VALUES (OLD."closing", OLD."created_at", OLD."id", OLD."kind", OLD."opening", OLD."other_formats", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."signature", OLD."subject", OLD."updated_at", OLD."version"); RETURN NULL;', hash='db4285b8173c2adbab6f0f7d0fbdfa2cf9b45fd2', operation='DELETE', pgid='pgtrigger_delete_delete_24235', table='complaints_lettertemplate', when='AFTER')),
        ),
        migrations.RunPython(offer_apart, offer_back),
    ]
