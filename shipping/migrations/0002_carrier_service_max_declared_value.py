"""A carrier service may cap the declared value of a box's contents (empty: no limit)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0001_moved_from_billing"),
    ]

    operations = [
        migrations.AddField(
            model_name="carrierservice",
            name="max_declared_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                help_text="Highest declared value of the contents per box; empty: no limit",
                max_digits=14,
                null=True,
                verbose_name="maximum declared value (JPY)",
            ),
        ),
        migrations.AddConstraint(
            model_name="carrierservice",
            constraint=models.CheckConstraint(
                condition=models.Q(("max_declared_value__isnull", True))
                | models.Q(("max_declared_value__gte", 0)),
                name="service_max_declared_value_not_negative",
            ),
        ),
    ]
