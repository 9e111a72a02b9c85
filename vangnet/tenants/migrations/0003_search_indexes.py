from django.db import migrations

from vangnet.core import search_indexes

INDEXES = [
    ("trigram", "tenant_search_last_name", "tenants_tenant", "last_name"),
    ("trigram", "tenant_search_first_name", "tenants_tenant", "first_name"),
    ("trigram", "tenant_search_name_prefix", "tenants_tenant", "name_prefix"),
    ("trigram", "tenant_search_organisation", "tenants_tenant", "organisation_name"),
    ("trigram", "tenant_search_street", "tenants_tenant", "street"),
    ("trigram", "tenant_search_city", "tenants_tenant", "city"),
    ("exact", "tenant_search_source_id", "tenants_tenant", "source_id"),
]


def forwards(apps, schema_editor):
    search_indexes.create(schema_editor, INDEXES)


def backwards(apps, schema_editor):
    search_indexes.drop(schema_editor, INDEXES)


class Migration(migrations.Migration):
    dependencies = [("tenants", "0002_notes_documents")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
