"""Four eyes on flow timelines: every version made before this was in use, so it counts as approved."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def existing_versions_approved(apps, schema_editor):
    apps.get_model("flows", "FlowVersion").objects.update(status="approved")


class Migration(migrations.Migration):

    dependencies = [
        ('flows', '0009_hold_kind_handed_over'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='flowversion',
            name='author',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='flowversion',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='flowversion',
            name='decided_by',
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name='flowversion',
            name='decision_note',
            field=models.CharField(blank=True, max_length=300, verbose_name='toelichting'),
        ),
        migrations.AddField(
            model_name='flowversion',
            name='status',
            field=models.CharField(choices=[('proposed', 'Wacht op goedkeuring'), ('approved', 'Goedgekeurd'), ('rejected', 'Afgewezen')], default='proposed', max_length=10),
        ),
        migrations.RunPython(existing_versions_approved, migrations.RunPython.noop),
    ]
