"""The shipment stores the packed box estimated at request time (weight and sides), so the quote,
the service limits and billing's price guarantee read one box.

`estimated_weight_g` used to hold the parcels' weight alone; it now holds the estimated packed
box, parcels plus the packing allowance. Existing shipments are filled in from their parcels with
the allowance configured now, which is what billing's price guarantee added when it computed the
estimate itself."""

from django.db import migrations, models

DEFAULT_ALLOWANCE_G = 300
BATCH = 500


def _packing_allowance_g(apps) -> int:
    from constance.codecs import loads

    Constance = apps.get_model("constance", "Constance")
    row = Constance.objects.filter(key="PACKING_ALLOWANCE_G").first()
    if row is None or not row.value:
        return DEFAULT_ALLOWANCE_G
    try:
        return int(loads(row.value))
    except (TypeError, ValueError):
        return DEFAULT_ALLOWANCE_G


def fill_estimated_box(apps, schema_editor):
    Shipment = apps.get_model("parcels", "Shipment")
    if not Shipment.objects.exists():
        return
    allowance = _packing_allowance_g(apps)
    batch = []
    for shipment in Shipment.objects.prefetch_related("parcels").iterator(chunk_size=BATCH):
        parcels = list(shipment.parcels.all())
        sides = [
            sorted((p.length_cm or 0, p.width_cm or 0, p.height_cm or 0), reverse=True)
            for p in parcels
        ]
        length = max((s[0] for s in sides), default=0)
        width = max((s[1] for s in sides), default=0)
        height = sum(s[2] for s in sides)
        length, width, height = sorted((length, width, height), reverse=True)
        shipment.estimated_weight_g = sum(p.weight_g or 0 for p in parcels) + allowance
        shipment.estimated_length_cm = length
        shipment.estimated_width_cm = width
        shipment.estimated_height_cm = height
        batch.append(shipment)
        if len(batch) >= BATCH:
            _save(Shipment, batch)
            batch = []
    _save(Shipment, batch)


def _save(Shipment, batch) -> None:
    Shipment.objects.bulk_update(
        batch,
        [
            "estimated_weight_g",
            "estimated_length_cm",
            "estimated_width_cm",
            "estimated_height_cm",
        ],
    )


def weight_without_allowance(apps, schema_editor):
    Shipment = apps.get_model("parcels", "Shipment")
    allowance = _packing_allowance_g(apps)
    Shipment.objects.filter(estimated_weight_g__gte=allowance).update(
        estimated_weight_g=models.F("estimated_weight_g") - allowance
    )


class Migration(migrations.Migration):
    dependencies = [
        ("parcels", "0004_shipment_service_to_shipping"),
        ("constance", "0003_drop_pickle"),
    ]

    operations = [
        migrations.AddField(
            model_name="shipment",
            name="estimated_length_cm",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="estimated length (cm)"
            ),
        ),
        migrations.AddField(
            model_name="shipment",
            name="estimated_width_cm",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="estimated width (cm)"
            ),
        ),
        migrations.AddField(
            model_name="shipment",
            name="estimated_height_cm",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="estimated height (cm)"
            ),
        ),
        migrations.AlterField(
            model_name="shipment",
            name="estimated_weight_g",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="estimated weight (g)"
            ),
        ),
        migrations.RunPython(fill_estimated_box, weight_without_allowance, elidable=False),
    ]
