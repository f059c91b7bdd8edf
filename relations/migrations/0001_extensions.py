"""PostgreSQL extensions and the IMMUTABLE name-normalising function the alias key uses."""

from django.contrib.postgres.operations import (
    BtreeGistExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations

# unaccent() itself is only STABLE (it reads its dictionary by name), so it cannot back a
# generated column or an index; naming the dictionary explicitly makes this wrapper safe to
# declare IMMUTABLE, the usual PostgreSQL idiom.
NORMALIZE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION bilateral_normalize(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary,
                                 regexp_replace(btrim($1), '\s+', ' ', 'g')))
$$;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.RunSQL(NORMALIZE_FUNCTION, "DROP FUNCTION IF EXISTS bilateral_normalize(text);"),
    ]
