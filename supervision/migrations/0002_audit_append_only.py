"""Make the audit trail append-only in the database itself (PostgreSQL).

Row-level UPDATE and DELETE raise. TRUNCATE is not blocked here because the test
runner empties tables with it; in production the application's database role should
not be granted TRUNCATE (see README, "Security").
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION supervision_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'supervision_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER supervision_auditevent_append_only
    BEFORE UPDATE OR DELETE ON supervision_auditevent
    FOR EACH ROW EXECUTE FUNCTION supervision_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS supervision_auditevent_append_only ON supervision_auditevent;
DROP FUNCTION IF EXISTS supervision_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
