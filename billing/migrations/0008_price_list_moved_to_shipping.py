"""Carrier services, zones, rate tables and rates now belong to shipping (shipping 0001). Only the
migration state forgets them here: the tables stay, with their rows, under their old names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0007_transition_events_payment_remittance"),
        ("shipping", "0001_moved_from_billing"),
        ("parcels", "0004_shipment_service_to_shipping"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Rate"),
                migrations.DeleteModel(name="RateTable"),
                migrations.DeleteModel(name="Zone"),
                migrations.DeleteModel(name="CarrierService"),
            ],
            database_operations=[],
        ),
    ]
