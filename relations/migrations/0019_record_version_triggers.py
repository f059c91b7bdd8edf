from django.db import migrations

# Candidates, ingestions and turning points change what curators, job followers and the
# dashboard are told: caches key on the record version as on every table of the record
# (0004_record_sync), so each of these tables bumps it too.
TABLES = ("relations_candidate", "relations_ingestion", "relations_turningpoint")


def _create(table: str) -> str:
    return f"""
CREATE TRIGGER bilateral_record_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION bilateral_bump_record_version();
"""


class Migration(migrations.Migration):
    dependencies = [("relations", "0018_merge_parallel_work")]

    operations = [
        migrations.RunSQL(
            _create(table), f"DROP TRIGGER IF EXISTS bilateral_record_version ON {table};"
        )
        for table in TABLES
    ]
