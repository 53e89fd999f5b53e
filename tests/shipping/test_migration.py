"""Moving the price list from billing to shipping moves no data: rows written under the old
migrations are there afterwards, shipments still point at their service, their estimated box is
filled in, and a permission granted on a moved model is still held."""

import pytest
from django.contrib.contenttypes.models import ContentType as LiveContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _before_the_move() -> list[tuple[str, str | None]]:
    """Billing and parcels as they were just before the migrations that move the price list."""
    graph = MigrationExecutor(connection).loader.graph
    targets: list[tuple[str, str | None]] = [("shipping", None)]
    for app, suffix in (
        ("billing", "_price_list_moved_to_shipping"),
        ("parcels", "_shipment_service_to_shipping"),
    ):
        node = next(key for key in graph.nodes if key[0] == app and key[1].endswith(suffix))
        parents = graph.node_map[node].parents
        targets.append(next(parent.key for parent in parents if parent.key[0] == app))
    return targets


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    # the models as the applied migrations define them
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_survive_it():
    leaves = _leaves()
    old = _migrate(_before_the_move())
    CarrierService = old.get_model("billing", "CarrierService")
    Zone = old.get_model("billing", "Zone")
    RateTable = old.get_model("billing", "RateTable")
    Rate = old.get_model("billing", "Rate")
    User = old.get_model("accounts", "User")
    Parcel = old.get_model("parcels", "Parcel")
    Shipment = old.get_model("parcels", "Shipment")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    service = CarrierService.objects.create(code="ems", name="EMS", carrier="Japan Post")
    zone = Zone.objects.create(service=service, code="asia", countries=["CN", "KR"])
    table = RateTable.objects.create(service=service, effective_from="2026-01-01")
    Rate.objects.create(table=table, zone=zone, max_weight_g=2000, price=3000)
    user = User.objects.create(email="moved@example.test", member_code="TJ-MOVED1")
    parcels = [
        Parcel.objects.create(owner=user, weight_g=w, length_cm=30, width_cm=20, height_cm=h)
        for w, h in ((800, 10), (500, 5))
    ]
    shipment = Shipment.objects.create(
        user=user, destination_country="CN", service=service, estimated_weight_g=1300
    )
    shipment.parcels.set(parcels)
    # going back relabelled the content type: a right on it as the old code granted it
    rate_type = ContentType.objects.get(app_label="billing", model="rate")
    assert not ContentType.objects.filter(app_label="shipping").exists()
    change_rate = Permission.objects.get(content_type=rate_type, codename="change_rate")
    user.user_permissions.add(change_rate)

    new = _migrate(leaves)

    NewRate = new.get_model("shipping", "Rate")
    NewShipment = new.get_model("parcels", "Shipment")
    rate = NewRate.objects.select_related("table__service", "zone").get()
    assert (rate.table.service.code, rate.zone.code, rate.max_weight_g, rate.price) == (
        "ems",
        "asia",
        2000,
        3000,
    )
    assert [c.code for c in rate.zone.countries] == ["CN", "KR"]
    moved = NewShipment.objects.select_related("service").get(pk=shipment.pk)
    assert moved.service.code == "ems"
    # the stored box: parcels + the default allowance, 30 × 20 × (10 + 5)
    assert (
        moved.estimated_weight_g,
        moved.estimated_length_cm,
        moved.estimated_width_cm,
        moved.estimated_height_cm,
    ) == (1600, 30, 20, 15)
    held = new.get_model("auth", "Permission").objects.get(pk=change_rate.pk)
    assert held.content_type.app_label == "shipping"
    assert (
        new.get_model("accounts", "User")
        .objects.get(pk=user.pk)
        .user_permissions.filter(pk=change_rate.pk)
        .exists()
    )
    LiveContentType.objects.clear_cache()
