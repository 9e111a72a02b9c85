from django.db import migrations

from vangnet.flows.legal.interest import CONSUMER_RATE_TABLE


def load_rates(apps, schema_editor):
    """The 1 July 2025 row as published (6 %), instead of the 5 % our reading of the ECB rule gave."""
    InterestRate = apps.get_model("flows", "InterestRate")
    for valid_from, rate, source in CONSUMER_RATE_TABLE:
        InterestRate.objects.update_or_create(valid_from=valid_from, defaults={"rate": rate, "source": source})


class Migration(migrations.Migration):
    dependencies = [("flows", "0007_interest_rate_sources")]

    operations = [migrations.RunPython(load_rates, migrations.RunPython.noop)]
