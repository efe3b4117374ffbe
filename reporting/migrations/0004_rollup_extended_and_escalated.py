from django.db import migrations, models

# Extended counts a stage by the days its extensions were told, and escalated a stage 1 by its stage 2's requested
# date (reporting.rollup): a stage's days now include its extensions', and a stage's change marks those of every
# stage of its complaint.
MARK_FUNCTIONS = """
CREATE OR REPLACE FUNCTION reporting_rollup_mark_stages(stage_filter text, target bigint) RETURNS void AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO reporting_figuredaypending (day) SELECT DISTINCT d FROM complaints_stage s, '
        'LATERAL (VALUES (s.requested_on), (s.acknowledgement_due), (s.response_due), (s.responded_on) '
        'UNION ALL SELECT e.resident_informed_on FROM complaints_extension e WHERE e.stage_id = s.id) v(d) '
        'WHERE s.%I = $1 AND d IS NOT NULL', stage_filter
    ) USING target;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reporting_rollup_stage_changed() RETURNS trigger AS $$
BEGIN
    -- The old row is gone or changed: its own days, then those of every stage of its complaint as it is now.
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO reporting_figuredaypending (day) SELECT DISTINCT d FROM (VALUES (OLD.requested_on),
            (OLD.acknowledgement_due), (OLD.response_due), (OLD.responded_on)) v(d) WHERE d IS NOT NULL;
        PERFORM reporting_rollup_mark_stages('complaint_id', OLD.complaint_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM reporting_rollup_mark_stages('complaint_id', NEW.complaint_id); END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reporting_rollup_extension_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO reporting_figuredaypending (day) VALUES (OLD.resident_informed_on);
        PERFORM reporting_rollup_mark_stages('id', OLD.stage_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM reporting_rollup_mark_stages('id', NEW.stage_id); END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reporting_rollup_home_changed() RETURNS trigger AS $$
BEGIN
    PERFORM reporting_rollup_mark_stages('complaint_id', c.id) FROM complaints_complaint c WHERE c.home_id = NEW.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER reporting_rollup_extension_changed ON complaints_extension;
CREATE TRIGGER reporting_rollup_extension_changed AFTER INSERT OR UPDATE OR DELETE ON complaints_extension
    FOR EACH ROW EXECUTE FUNCTION reporting_rollup_extension_changed();
-- Counted again on the first read, with the two figures rolled up.
INSERT INTO reporting_figuredaypending (day) SELECT NULL WHERE EXISTS (SELECT 1 FROM complaints_stage);
"""

# Back to 0003's triggers: the functions above only mark more days, which 0003's rollup counts as well.
UNMARK_FUNCTIONS = """
DROP TRIGGER reporting_rollup_extension_changed ON complaints_extension;
CREATE TRIGGER reporting_rollup_extension_changed AFTER INSERT OR UPDATE OR DELETE ON complaints_extension
    FOR EACH ROW EXECUTE FUNCTION reporting_rollup_stage_row_changed();
DROP FUNCTION reporting_rollup_extension_changed;
INSERT INTO reporting_figuredaypending (day) SELECT NULL WHERE EXISTS (SELECT 1 FROM complaints_stage);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_figure_rollup"),
    ]

    operations = [
        migrations.AddField(
            model_name="figureday",
            name="since",
            field=models.DateField(null=True),
        ),
        migrations.RunSQL(MARK_FUNCTIONS, UNMARK_FUNCTIONS),
    ]
