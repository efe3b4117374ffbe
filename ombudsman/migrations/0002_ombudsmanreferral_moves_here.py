# The Ombudsman referral moves here from complaints with its history (complaints 0011 forgets it there). Its rows
# stay where they are: both models keep their tables (Meta.db_table), so the first operation changes only
# Django's picture of them, and the foreign keys from findings and orders point at the same table as before.
# pgtrigger names a trigger after its model's app, so the audit and protection triggers are installed again under
# the names this app gives them; complaints 0011 then drops the old ones. Between the two migrations both sets
# exist, which at worst writes a history row twice, never none. The content types move with the models, so the
# permissions attached to them stay.

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


MOVED = ['ombudsmanreferral', 'ombudsmanreferralevent']


def move_content_types(apps, schema_editor, source='complaints', target='ombudsman'):
    content_types = apps.get_model('contenttypes', 'ContentType').objects.using(schema_editor.connection.alias)
    content_types.filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source='ombudsman', target='complaints')


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0010_stage_period_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('ombudsman', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OmbudsmanReferral',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('referred_on', models.DateField()),
                        ('ombudsman_reference', models.CharField(blank=True, max_length=50)),
                        ('determination', models.CharField(choices=[('pending', 'Awaiting determination'), ('no_maladministration', 'No maladministration'), ('service_failure', 'Service failure'), ('maladministration', 'Maladministration'), ('severe_maladministration', 'Severe maladministration'), ('outside_jurisdiction', 'Outside jurisdiction'), ('resolved', 'Resolved by the landlord')], default='pending', max_length=30)),
                        ('determined_on', models.DateField(blank=True, null=True)),
                        ('orders', models.TextField(blank=True)),
                        ('complaint_handling_failure', models.BooleanField(default=False)),
                        ('compliance_due', models.DateField(blank=True, null=True)),
                        ('complied_on', models.DateField(blank=True, null=True)),
                        ('complaint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ombudsman_referrals', to='complaints.complaint')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'complaints_ombudsmanreferral',
                        'ordering': ['-referred_on'],
                    },
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='referral',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='findings', to='ombudsman.ombudsmanreferral'),
                ),
                migrations.AlterField(
                    model_name='findingevent',
                    name='referral',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='ombudsman.ombudsmanreferral'),
                ),
                migrations.AlterField(
                    model_name='order',
                    name='referral',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ombudsman_orders', to='ombudsman.ombudsmanreferral'),
                ),
                migrations.AlterField(
                    model_name='orderevent',
                    name='referral',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='ombudsman.ombudsmanreferral'),
                ),
                migrations.CreateModel(
                    name='OmbudsmanReferralEvent',
                    fields=[
                        ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                        ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                        ('pgh_label', models.TextField(help_text='The event label.')),
                        ('id', models.BigIntegerField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('referred_on', models.DateField()),
                        ('ombudsman_reference', models.CharField(blank=True, max_length=50)),
                        ('determination', models.CharField(choices=[('pending', 'Awaiting determination'), ('no_maladministration', 'No maladministration'), ('service_failure', 'Service failure'), ('maladministration', 'Maladministration'), ('severe_maladministration', 'Severe maladministration'), ('outside_jurisdiction', 'Outside jurisdiction'), ('resolved', 'Resolved by the landlord')], default='pending', max_length=30)),
                        ('determined_on', models.DateField(blank=True, null=True)),
                        ('orders', models.TextField(blank=True)),
                        ('complaint_handling_failure', models.BooleanField(default=False)),
                        ('compliance_due', models.DateField(blank=True, null=True)),
                        ('complied_on', models.DateField(blank=True, null=True)),
                        ('complaint', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='complaints.complaint')),
                        ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                        ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='ombudsman.ombudsmanreferral')),
                        ('recorded_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'complaints_ombudsmanreferralevent',
                        'abstract': False,
                    },
                ),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='ombudsmanreferral',
            trigger=pgtrigger.compiler.Trigger(name='protect_deletes', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='daab60b25494bc6bca4a76fef3a3dd11672e808f', operation='DELETE', pgid='pgtrigger_protect_deletes_111b7', table='complaints_ombudsmanreferral', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='ombudsmanreferral',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "complaints_ombudsmanreferralevent" ("complaint_handling_failure", "complaint_id", "compliance_due", "complied_on", "created_at", "determination", "determined_on", "id", "ombudsman_reference", "orders", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "referred_on", "updated_at") VALUES (NEW."complaint_handling_failure", NEW."complaint_id", NEW."compliance_due", NEW."complied_on", NEW."created_at", NEW."determination", NEW."determined_on", NEW."id", NEW."ombudsman_reference", NEW."orders", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."recorded_by_id", NEW."referred_on", NEW."updated_at"); RETURN NULL;', hash='d11faff6cea754bb53a17f32b1aa1e56e77c3eaa', operation='INSERT', pgid='pgtrigger_insert_insert_5e167', table='complaints_ombudsmanreferral', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='ombudsmanreferral',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "complaints_ombudsmanreferralevent" ("complaint_handling_failure", "complaint_id", "compliance_due", "complied_on", "created_at", "determination", "determined_on", "id", "ombudsman_reference", "orders", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "referred_on", "updated_at") VALUES (NEW."complaint_handling_failure", NEW."complaint_id", NEW."compliance_due", NEW."complied_on", NEW."created_at", NEW."determination", NEW."determined_on", NEW."id", NEW."ombudsman_reference", NEW."orders", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."recorded_by_id", NEW."referred_on", NEW."updated_at"); RETURN NULL;', hash='1aeb60b3905b0eda865fe20ac690a3b4a5f739d9', operation='UPDATE', pgid='pgtrigger_update_update_ac679', table='complaints_ombudsmanreferral', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='ombudsmanreferral',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "complaints_ombudsmanreferralevent" ("complaint_handling_failure", "complaint_id", "compliance_due", "complied_on", "created_at", "determination", "determined_on", "id", "ombudsman_reference", "orders", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "referred_on", "updated_at") VALUES (OLD."complaint_handling_failure", OLD."complaint_id", OLD."compliance_due", OLD."complied_on", OLD."created_at", OLD."determination", OLD."determined_on", OLD."id", OLD."ombudsman_reference", OLD."orders", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."recorded_by_id", OLD."referred_on", OLD."updated_at"); RETURN NULL;', hash='8dc21723142386939172bac2848b25de1dd714d1', operation='DELETE', pgid='pgtrigger_delete_delete_07c2f', table='complaints_ombudsmanreferral', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='ombudsmanreferralevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='9b61a8f4625e5654d07b5dfb182663816efc0d7e', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_3ca2c', table='complaints_ombudsmanreferralevent', when='BEFORE')),
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
