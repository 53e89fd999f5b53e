"""Demo parcels for `manage.py seed_demo`: a declaration on its way, parcels in storage (one
on hold), an unidentified parcel, the extras catalogue. Idempotent: runs once per database."""

from typing import Any

from parcels import services
from parcels.models import ExtraService, Parcel
from parcels.states import Category

EXTRAS = (
    ("photos", "Content photos (every item)", 300, 1),
    ("inspection", "Detailed inspection", 800, 2),
    ("protective", "Protective packing", 500, 3),
    ("return", "Return to the shop", 1500, 4),
)


def seed(*, users: dict[str, Any], password: str, logins: list) -> None:
    for code, name, price, position in EXTRAS:
        ExtraService.objects.get_or_create(
            code=code, defaults={"name": name, "price": price, "position": position}
        )
    customer, staff = users.get("customer"), users.get("warehouse")
    if customer is None or Parcel.objects.filter(owner=customer).exists():
        return
    declared = [
        ("DEMO-1000-0001", "Amazon JP", [("Running shoes", Category.CLOTHING, 1, 9800)]),
        ("DEMO-1000-0002", "Mercari", [("Anime figure", Category.TOYS, 2, 4500)]),
        ("DEMO-1000-0003", "Rakuten Books", [("Manga set", Category.BOOKS, 10, 480)]),
    ]
    for tracking, shop, lines in declared:
        services.declaration_create(
            user=customer,
            tracking_number=tracking,
            shop_name=shop,
            carrier="yamato",
            items=[
                {"description": d, "category": c, "quantity": q, "unit_value": v}
                for d, c, q, v in lines
            ],
        )
    for tracking, bin_location in (("DEMO-1000-0001", "A-01"), ("DEMO-1000-0002", "B-04")):
        services.parcel_intake(
            tracking_number=tracking,
            weight_g=1400,
            length_cm=35,
            width_cm=25,
            height_cm=12,
            bin_location=bin_location,
            actor=staff,
        )
    if getattr(customer, "member_code", None):
        services.parcel_intake(
            tracking_number="DEMO-1000-0004",
            member_code=customer.member_code,
            weight_g=600,
            length_cm=20,
            width_cm=15,
            height_cm=8,
            bin_location="C-02",
            actor=staff,
        )
    services.parcel_intake(
        tracking_number="DEMO-9999-0001",
        weight_g=2300,
        length_cm=40,
        width_cm=30,
        height_cm=20,
        bin_location="U-01",
        actor=staff,
    )
