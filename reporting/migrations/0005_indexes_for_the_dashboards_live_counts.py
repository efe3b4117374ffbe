from django.db import migrations

# What the dashboard still reads from the case record each time (reporting.figures): the stages still outstanding
# (a few thousand of a million, found by their due dates without reading the others) and the remedies offered and
# paid in the period (read from the index alone).
CREATE = """
CREATE INDEX reporting_outstanding_by_ack_due ON complaints_stage (acknowledgement_due)
    WHERE acknowledged_on IS NULL OR responded_on IS NULL;
CREATE INDEX reporting_outstanding_by_response_due ON complaints_stage (response_due)
    WHERE acknowledged_on IS NULL OR responded_on IS NULL;
CREATE INDEX reporting_remedy_offered ON complaints_remedy (offered_on, kind_id) INCLUDE (id);
CREATE INDEX reporting_remedy_paid ON complaints_remedy (completed_on) INCLUDE (kind_id, amount, id)
    WHERE amount IS NOT NULL;
"""
DROP = """
DROP INDEX reporting_outstanding_by_ack_due, reporting_outstanding_by_response_due, reporting_remedy_offered,
    reporting_remedy_paid;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_rollup_extended_and_escalated"),
        ("complaints", "0027_complaint_history_trigger_after_next_due_and_time_limits"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
