from django.db import migrations

from vangnet.flows.legal.interest import DEFAULT_CONSUMER_RATES


def load_rates(apps, schema_editor):
    InterestRate = apps.get_model("flows", "InterestRate")
    for valid_from, rate in DEFAULT_CONSUMER_RATES:
        InterestRate.objects.get_or_create(
            valid_from=valid_from,
            defaults={"rate": rate, "source": "law-and-standards.md §1.2 (verify against the Besluit)"},
        )


class Migration(migrations.Migration):
    dependencies = [("flows", "0001_initial")]

    operations = [migrations.RunPython(load_rates, migrations.RunPython.noop)]
