"""The payments' covering index becomes the ledger's own, and the plain payment index it covers goes.

Both had the same key and condition (corporation, booking date, payments only); the covering one, built on
PostgreSQL by reports 0005, also carries the amount and contract, so the report reads the index alone. Every
entry written paid for both: a snapshot of 4.8 million entries spent about 1.5 s on the second. On SQLite,
which has no INCLUDE, the index is the plain one under the new name. Built and dropped CONCURRENTLY (the
migration is not atomic), so the ledger stays writable.
"""

from django.db import migrations, models

COVER = "entry_payment_cover_idx"
PLAIN = "entry_payment_idx"
KEY = "ON ledger_ledgerentry (corporation_id, booking_date)"
PAYMENTS = "WHERE kind = 'payment'"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {COVER} {KEY} INCLUDE (amount, contract_id) {PAYMENTS}"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {PLAIN}")
    else:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {COVER} {KEY} {PAYMENTS}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {PLAIN}")


def backwards(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {PLAIN} {KEY} {PAYMENTS}")
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVER}")  # on PostgreSQL reports 0005 made it


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("ledger", "0012_entry_corporation_new_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.RemoveIndex(model_name="ledgerentry", name=PLAIN),
                migrations.AddIndex(
                    model_name="ledgerentry",
                    index=models.Index(
                        condition=models.Q(("kind", "payment")),
                        fields=["corporation", "booking_date"],
                        include=("amount", "contract"),
                        name=COVER,
                    ),
                ),
            ],
        ),
    ]
