"""PostgreSQL only: the payments report's covering index, so a period's payments are summed by method or
month from the index alone (an index-only scan) instead of reading every payment's heap page.

Built CONCURRENTLY (the migration is not atomic), so the ledger stays writable while it is built. On SQLite
nothing happens: its plans read the rows either way.
"""

from django.db import migrations

INDEX = "entry_payment_cover_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON ledger_ledgerentry "
        "(corporation_id, booking_date) INCLUDE (amount, contract_id) WHERE kind = 'payment'"
    )


def drop(apps, schema_editor):
    # Since ledger 0013 the index is the ledger's own (it replaced the plain payment index): going back
    # from here leaves it to the ledger's migrations.
    return


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0004_fill_month_dimensions_and_totals"),
        ("ledger", "0009_entry_contract_unenforced"),
    ]

    operations = [migrations.RunPython(create, drop)]
