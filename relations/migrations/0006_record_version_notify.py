"""Announce every new record version on the channel `bilateral_record_version`.

The trigger function of migration 0004 also sends the new version as the payload of a NOTIFY,
delivered when the writing transaction commits. Serving processes LISTEN on that channel
(relations/selectors/record_version.py) and so learn the version without asking for it on
every request. Versions are bumped under the counter's row lock, so they arrive in order.
"""

from django.db import migrations

NOTIFYING_SQL = """
CREATE OR REPLACE FUNCTION bilateral_bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bumped bigint;
BEGIN
    UPDATE bilateral_record_version SET version = version + 1 RETURNING version INTO bumped;
    PERFORM pg_notify('bilateral_record_version', bumped::text);
    RETURN NULL;
END
$$;
"""

SILENT_SQL = """
CREATE OR REPLACE FUNCTION bilateral_bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bilateral_record_version SET version = version + 1;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("relations", "0005_agreement_list_indexes")]

    operations = [migrations.RunSQL(NOTIFYING_SQL, SILENT_SQL)]
