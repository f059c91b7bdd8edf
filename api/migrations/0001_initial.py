"""ApiToken and Deletion, taken over from `relations` with their rows.

Fresh and older databases alike reach this point with the tables `relations_apitoken` and
`relations_deletion` (relations' migration 0002): they are renamed, the tombstone trigger of
relations' migration 0004 is pointed at the new name, and the content types (and so the
permissions granted on them) follow the models.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ["apitoken", "deletion"]

RENAME_SQL = """
ALTER TABLE relations_apitoken RENAME TO api_apitoken;
ALTER TABLE relations_deletion RENAME TO api_deletion;
ALTER SEQUENCE IF EXISTS relations_apitoken_id_seq RENAME TO api_apitoken_id_seq;
ALTER SEQUENCE IF EXISTS relations_deletion_id_seq RENAME TO api_deletion_id_seq;
"""

RENAME_BACK_SQL = """
ALTER TABLE api_apitoken RENAME TO relations_apitoken;
ALTER TABLE api_deletion RENAME TO relations_deletion;
ALTER SEQUENCE IF EXISTS api_apitoken_id_seq RENAME TO relations_apitoken_id_seq;
ALTER SEQUENCE IF EXISTS api_deletion_id_seq RENAME TO relations_deletion_id_seq;
"""


def _tombstone_function(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION bilateral_write_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {table} (kind, object_id, deleted_at) VALUES (TG_ARGV[0], OLD.id, now());
    RETURN NULL;
END
$$;
"""


def _move_content_types(apps, from_label: str, to_label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = content_type.objects.filter(app_label=to_label, model__in=MOVED_MODELS)
    content_type.objects.filter(app_label=from_label, model__in=MOVED_MODELS).exclude(
        model__in=taken.values("model")
    ).update(app_label=to_label)


def content_types_to_api(apps, schema_editor):
    _move_content_types(apps, "relations", "api")


def content_types_to_relations(apps, schema_editor):
    _move_content_types(apps, "api", "relations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("relations", "0007_plumbing_moves_to_api"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(help_text="What the token is for.", max_length=100),
                        ),
                        ("prefix", models.CharField(editable=False, max_length=12, unique=True)),
                        ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "last_used_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"verbose_name": "API token", "ordering": ["-created"]},
                ),
                migrations.CreateModel(
                    name="Deletion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                help_text="e.g. agreement, event, article.", max_length=50
                            ),
                        ),
                        ("object_id", models.BigIntegerField()),
                        ("deleted_at", models.DateTimeField(db_index=True)),
                    ],
                    options={"ordering": ["deleted_at", "id"]},
                ),
            ],
            database_operations=[
                migrations.RunSQL(RENAME_SQL, RENAME_BACK_SQL),
                migrations.RunSQL(
                    _tombstone_function("api_deletion"), _tombstone_function("relations_deletion")
                ),
            ],
        ),
        migrations.RunPython(content_types_to_api, content_types_to_relations),
    ]
