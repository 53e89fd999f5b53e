"""Shipment.service points at the carrier service now owned by shipping. The table is the same
(`billing_carrierservice`), so only the migration state changes: no column or constraint moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("parcels", "0003_transition_events"),
        ("shipping", "0001_moved_from_billing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="shipment",
                    name="service",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="shipments",
                        to="shipping.carrierservice",
                        verbose_name="carrier service",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
