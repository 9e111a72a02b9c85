from django.db import migrations

from vangnet.flows.legal.interest import CONSUMER_RATE_TABLE


def load_sources(apps, schema_editor):
    """The sources as a manager reads them on the interest page: no file of Vangnet's own documentation."""
    InterestRate = apps.get_model("flows", "InterestRate")
    for valid_from, _rate, source in CONSUMER_RATE_TABLE:
        InterestRate.objects.filter(valid_from=valid_from, source__contains=".md").update(source=source)


class Migration(migrations.Migration):
    dependencies = [("flows", "0012_collection_capacity")]

    operations = [migrations.RunPython(load_sources, migrations.RunPython.noop)]
