from django.db import migrations

from vangnet.core import search_indexes

INDEXES = [
    ("trigram", "unit_search_street", "ledger_unit", "street"),
    ("exact", "contract_search_source_id", "ledger_contract", "source_id"),
]


def forwards(apps, schema_editor):
    search_indexes.create(schema_editor, INDEXES)


def backwards(apps, schema_editor):
    search_indexes.drop(schema_editor, INDEXES)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_reversal_index")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
