"""ApiToken and Deletion now belong to the `api` app: forget them here, in state only.

Their tables and rows stay; `api`'s migration 0001 takes them over (and renames the tables).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("relations", "0006_record_version_notify")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ApiToken"),
                migrations.DeleteModel(name="Deletion"),
            ],
            database_operations=[],
        )
    ]
