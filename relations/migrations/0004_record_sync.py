"""Sync support in the database: a record-version counter and tombstones for deletions.

Triggers rather than signals, so that every write reaches them: the admin, services,
queryset.update(), bulk_create, m2m changes, cascades and plain SQL alike.
"""

from django.db import migrations

# Every table of the record, and the stored temperature: it is recomputed after the commit that
# changed its events, and that recompute must invalidate what was cached in between.
# Not ApiToken or Deletion.
VERSIONED_TABLES = [
    "articles_source",
    "articles_article",
    "relations_country",
    "relations_relationship",
    "relations_actor",
    "relations_actorrole",
    "relations_actoralias",
    "relations_agreement",
    "relations_agreement_parties",
    "relations_metric",
    "relations_observation",
    "relations_eventcategory",
    "relations_event",
    "relations_event_actors",
    "relations_citation",
    "relations_temperaturepoint",
]

# Table -> the kind a tombstone names (the model's lower-case name; stable, clients use it).
TOMBSTONED_TABLES = {
    "relations_country": "country",
    "relations_relationship": "relationship",
    "relations_actor": "actor",
    "relations_actoralias": "actoralias",
    "relations_agreement": "agreement",
    "relations_metric": "metric",
    "relations_observation": "observation",
    "relations_eventcategory": "eventcategory",
    "relations_event": "event",
    "relations_citation": "citation",
    "articles_source": "source",
    "articles_article": "article",
}

VERSION_SQL = """
CREATE TABLE bilateral_record_version (
    id boolean PRIMARY KEY DEFAULT true CONSTRAINT bilateral_record_version_one_row CHECK (id),
    version bigint NOT NULL
);
INSERT INTO bilateral_record_version (id, version) VALUES (true, 1);

CREATE FUNCTION bilateral_bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bilateral_record_version SET version = version + 1;
    RETURN NULL;
END
$$;
""" + "".join(
    f"""
CREATE TRIGGER bilateral_record_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION bilateral_bump_record_version();
"""
    for table in VERSIONED_TABLES
)

VERSION_REVERSE_SQL = (
    "".join(
        f"DROP TRIGGER IF EXISTS bilateral_record_version ON {table};\n"
        for table in VERSIONED_TABLES
    )
    + """
DROP FUNCTION IF EXISTS bilateral_bump_record_version();
DROP TABLE IF EXISTS bilateral_record_version;
"""
)

TOMBSTONE_SQL = """
CREATE FUNCTION bilateral_write_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO relations_deletion (kind, object_id, deleted_at) VALUES (TG_ARGV[0], OLD.id, now());
    RETURN NULL;
END
$$;
""" + "".join(
    f"""
CREATE TRIGGER bilateral_tombstone
    AFTER DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION bilateral_write_tombstone('{kind}');
"""
    for table, kind in TOMBSTONED_TABLES.items()
)

TOMBSTONE_REVERSE_SQL = (
    "".join(
        f"DROP TRIGGER IF EXISTS bilateral_tombstone ON {table};\n" for table in TOMBSTONED_TABLES
    )
    + "DROP FUNCTION IF EXISTS bilateral_write_tombstone();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0003_event_categories"),
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(VERSION_SQL, VERSION_REVERSE_SQL),
        migrations.RunSQL(TOMBSTONE_SQL, TOMBSTONE_REVERSE_SQL),
    ]
