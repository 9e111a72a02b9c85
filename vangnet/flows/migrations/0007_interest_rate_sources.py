from django.db import migrations

from vangnet.flows.legal.interest import CONSUMER_RATE_TABLE


def load_rates(apps, schema_editor):
    """Every half-year since 2015 with its source; adds the missing row for 1 July 2025."""
    InterestRate = apps.get_model("flows", "InterestRate")
    for valid_from, rate, source in CONSUMER_RATE_TABLE:
        InterestRate.objects.update_or_create(valid_from=valid_from, defaults={"rate": rate, "source": source})


class Migration(migrations.Migration):
    dependencies = [("flows", "0006_hold_kind_payment_claim")]

    operations = [migrations.RunPython(load_rates, migrations.RunPython.noop)]
