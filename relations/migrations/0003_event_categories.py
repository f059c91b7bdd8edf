"""Seed the cooperation–conflict table: CAMEO codes with Goldstein-style weights (-10 most
conflictual, +10 most cooperative), as in GDELT's CAMEO lookup table.

The rows are frozen here, as this migration first wrote them: a change to the table arrives as a
new migration, so old and new databases agree. Existing rows are left as curators edited them;
only missing codes are added.
"""

from decimal import Decimal

from django.db import migrations

# Copies of the table disagree on a few sub-codes, so every row names its codebook.
CODEBOOK = "CAMEO 1.1b3, Goldstein weights from GDELT's lookup table"

# (code, name, parent code, score); parents come before their children.
CATEGORIES = [
    ("01", "Make public statement", None, "0.0"),
    ("02", "Appeal", None, "3.0"),
    ("03", "Express intent to cooperate", None, "4.0"),
    ("04", "Consult", None, "1.0"),
    ("05", "Engage in diplomatic cooperation", None, "3.5"),
    ("06", "Engage in material cooperation", None, "6.0"),
    ("07", "Provide aid", None, "7.0"),
    ("08", "Yield", None, "5.0"),
    ("09", "Investigate", None, "-2.0"),
    ("10", "Demand", None, "-5.0"),
    ("11", "Disapprove", None, "-2.0"),
    ("12", "Reject", None, "-4.0"),
    ("13", "Threaten", None, "-6.0"),
    ("14", "Protest", None, "-6.5"),
    ("15", "Exhibit force posture", None, "-7.2"),
    ("16", "Reduce relations", None, "-4.0"),
    ("17", "Coerce", None, "-7.0"),
    ("18", "Assault", None, "-9.0"),
    ("19", "Fight", None, "-10.0"),
    ("20", "Use unconventional mass violence", None, "-10.0"),
    ("042", "Make a visit", "04", "1.9"),
    ("043", "Host a visit", "04", "2.8"),
    ("046", "Engage in negotiation", "04", "7.0"),
    ("057", "Sign formal agreement", "05", "8.0"),
    ("071", "Provide economic aid", "07", "7.4"),
    ("072", "Provide military aid", "07", "8.3"),
    ("120", "Reject", "12", "-4.0"),
    ("130", "Threaten", "13", "-4.4"),
    ("163", "Impose embargo", "16", "-8.0"),
]


def seed_categories(apps, schema_editor):
    EventCategory = apps.get_model("relations", "EventCategory")
    by_code = {}
    for code, name, parent, score in CATEGORIES:
        category, _ = EventCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_score": Decimal(score),
                "codebook_version": CODEBOOK,
                "parent": by_code.get(parent),
            },
        )
        by_code[code] = category


class Migration(migrations.Migration):
    dependencies = [("relations", "0002_initial")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
