"""Seed the cooperation–conflict table from relations/data/event_categories.yaml.

Existing rows are left as curators edited them; only missing codes are added.
"""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import migrations

TABLE = Path(__file__).resolve().parent.parent / "data" / "event_categories.yaml"


def seed_categories(apps, schema_editor):
    EventCategory = apps.get_model("relations", "EventCategory")
    rows = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["categories"]
    by_code = {}
    for row in rows:  # parents come before their children in the file
        category, _ = EventCategory.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "default_score": Decimal(str(row["score"])),
                "codebook_version": row["codebook"],
                "parent": by_code.get(row.get("parent")),
            },
        )
        by_code[row["code"]] = category


class Migration(migrations.Migration):
    dependencies = [("relations", "0002_initial")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
