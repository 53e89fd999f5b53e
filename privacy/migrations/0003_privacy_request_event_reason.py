"""Privacy request steps share the transition event model (transship.transitions): the step's
`note` becomes its `reason` (renamed, every row kept), and `created_at` is indexed."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_privacy_request_fee_invoice"),
    ]

    operations = [
        migrations.RenameField(
            model_name="privacyrequestevent",
            old_name="note",
            new_name="reason",
        ),
        migrations.AlterField(
            model_name="privacyrequestevent",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="privacyrequestevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="at",
            ),
        ),
    ]
