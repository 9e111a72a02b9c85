from django.db import migrations, models


def extra_attention_takes_over(apps, schema_editor):
    """The default "Extra aandacht" flow takes over open dossiers, as a new corporation's does."""
    Flow = apps.get_model("flows", "Flow")
    Flow.objects.filter(code="extra-aandacht").update(takes_over_open=True)


class Migration(migrations.Migration):
    dependencies = [
        ("flows", "0010_flow_version_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="flow",
            name="takes_over_open",
            field=models.BooleanField(default=False, verbose_name="neemt lopende dossiers over"),
        ),
        migrations.AddField(
            model_name="flowversion",
            name="takes_over_open",
            field=models.BooleanField(blank=True, null=True, verbose_name="lopende dossiers overnemen"),
        ),
        migrations.RunPython(extra_attention_takes_over, migrations.RunPython.noop),
    ]
