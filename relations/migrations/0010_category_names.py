"""Give three sub-codes their full CAMEO names, which an unquoted comma in the old table cut short.

Only rows still bearing the cut name change, so a curator's own wording is kept.
"""

from django.db import migrations

# code: (name as cut short, full CAMEO name)
NAMES = {
    "120": ("Reject", "Reject, not specified below"),
    "130": ("Threaten", "Threaten, not specified below"),
    "163": ("Impose embargo", "Impose embargo, boycott, or sanctions"),
}


def _rename(apps, *, forward: bool) -> None:
    EventCategory = apps.get_model("relations", "EventCategory")
    for code, (short, full) in NAMES.items():
        old, new = (short, full) if forward else (full, short)
        EventCategory.objects.filter(code=code, name=old).update(name=new)


def restore_full_names(apps, schema_editor):
    _rename(apps, forward=True)


def restore_short_names(apps, schema_editor):
    _rename(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("relations", "0009_record_truth")]

    operations = [migrations.RunPython(restore_full_names, restore_short_names)]
