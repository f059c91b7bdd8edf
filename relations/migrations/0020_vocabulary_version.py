"""A counter of changes to the tables extraction's vocabulary is read from.

An ingestion worker keeps the vocabulary it built (the alias dictionary, the categories,
the items already recorded) until this counter moves: one cheap read per article instead
of counting nine tables. Like the record version (0004_record_sync), it is bumped by
statement triggers, so every write reaches it (admin, services, bulk updates, m2m changes,
cascades, plain SQL), and the bump holds the row until its transaction commits. Its values
come from a sequence, which a rollback does not rewind: a value, once read, always stands
for the same contents. Ingestion's own writes (articles, candidates, ingestions) are not
among these tables: they leave it alone.
"""

from django.db import migrations

VOCABULARY_TABLES = (
    "relations_actor",
    "relations_actoralias",
    "relations_country",
    "relations_metric",
    "relations_eventcategory",
    "relations_relationship",
    "relations_agreement",
    "relations_agreement_parties",
    "relations_event",
    "relations_observation",
)

CREATE_SQL = """
CREATE SEQUENCE relations_vocabulary_version_seq;
CREATE TABLE relations_vocabulary_version (
    id boolean PRIMARY KEY DEFAULT true CONSTRAINT vocabulary_version_one_row CHECK (id),
    version bigint NOT NULL
);
INSERT INTO relations_vocabulary_version (id, version) VALUES (true, nextval('relations_vocabulary_version_seq'));

CREATE FUNCTION relations_bump_vocabulary_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE relations_vocabulary_version SET version = nextval('relations_vocabulary_version_seq');
    RETURN NULL;
END
$$;
""" + "".join(
    f"""
CREATE TRIGGER relations_vocabulary_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION relations_bump_vocabulary_version();
"""
    for table in VOCABULARY_TABLES
)

DROP_SQL = "".join(
    f"DROP TRIGGER IF EXISTS relations_vocabulary_version ON {table};\n"
    for table in VOCABULARY_TABLES
) + (
    "DROP FUNCTION IF EXISTS relations_bump_vocabulary_version();\n"
    "DROP TABLE IF EXISTS relations_vocabulary_version;\n"
    "DROP SEQUENCE IF EXISTS relations_vocabulary_version_seq;\n"
)


class Migration(migrations.Migration):
    dependencies = [("relations", "0019_record_version_triggers")]

    operations = [migrations.RunSQL(CREATE_SQL, DROP_SQL)]
