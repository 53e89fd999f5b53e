import pytest

from parcels import services
from parcels.models import Parcel
from parcels.states import Category, ParcelStatus
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


def test_a_customer_declares_an_incoming_parcel(user, items):
    parcel = services.declaration_create(
        user=user,
        tracking_number="1234 5678-9012",
        carrier="yamato",
        shop_name="Amazon JP",
        items=items,
    )

    assert parcel.status == ParcelStatus.EXPECTED
    assert parcel.tracking_number == "123456789012"
    assert parcel.items.count() == 2
    assert parcel.declared_value == 8000 + 3 * 500
    assert parcel.items.get(category=Category.BOOKS).hs_code == "490199"  # suggested
    assert parcel.events.get().to_status == ParcelStatus.EXPECTED


def test_a_prohibited_category_is_refused_with_the_reason(user, items):
    items.append(
        {
            "description": "Airsoft gun",
            "category": Category.PROHIBITED_WEAPONS,
            "quantity": 1,
            "unit_value": 20000,
        }
    )

    with pytest.raises(services.ProhibitedContents) as error:
        services.declaration_create(user=user, tracking_number="99998888777", items=items)

    assert "article 10" in str(error.value.message)
    assert error.value.field == "items"
    assert not Parcel.objects.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"quantity": 0}, "at least 1"),
        ({"unit_value": -5}, "0 or more"),
        ({"category": "nonsense"}, "category"),
        ({"description": ""}, "describe"),
    ],
)
def test_bad_content_lines_get_clear_errors(user, items, line, message):
    items[0].update(line)

    with pytest.raises(DomainError, match=message):
        services.declaration_create(user=user, tracking_number="99998888777", items=items)

    assert not Parcel.objects.exists()


def test_the_same_tracking_number_cannot_be_declared_twice(declared_parcel, other_user, items):
    with pytest.raises(DomainError) as error:
        services.declaration_create(
            user=other_user, tracking_number=declared_parcel.tracking_number, items=items
        )

    assert error.value.field == "tracking_number"
    assert Parcel.objects.count() == 1


def test_a_declaration_is_editable_until_the_parcel_arrives(declared_parcel, user, staff_user):
    services.declaration_update(
        parcel_id=declared_parcel.pk,
        user=user,
        shop_name="Rakuten",
        items=[
            {
                "description": "Camera",
                "category": Category.ELECTRONICS,
                "quantity": 1,
                "unit_value": 45000,
            }
        ],
    )
    services.parcel_intake(
        tracking_number=declared_parcel.tracking_number,
        weight_g=900,
        length_cm=20,
        width_cm=15,
        height_cm=10,
        actor=staff_user,
    )

    with pytest.raises(DomainError):
        services.declaration_update(parcel_id=declared_parcel.pk, user=user, shop_name="X")

    declared_parcel.refresh_from_db()
    assert declared_parcel.shop_name == "Rakuten"
    assert declared_parcel.items.get().description == "Camera"


def test_another_customer_cannot_edit_my_declaration(declared_parcel, other_user):
    with pytest.raises(DomainError):
        services.declaration_update(parcel_id=declared_parcel.pk, user=other_user, note="mine")

    declared_parcel.refresh_from_db()
    assert declared_parcel.note == ""


def test_a_frozen_account_cannot_declare(user, items):
    user.status = "disqualified"
    user.save(update_fields=["status"])

    with pytest.raises(DomainError, match="frozen"):
        services.declaration_create(user=user, tracking_number="99998888777", items=items)

    assert not Parcel.objects.exists()


@pytest.mark.parametrize("status", ["suspended", "applied", "withdrawn"])
def test_only_an_active_account_can_declare(user, items, status):
    user.status = status
    user.save(update_fields=["status"])

    with pytest.raises(DomainError, match="Only an active account"):
        services.declaration_create(user=user, tracking_number="99998888777", items=items)

    assert not Parcel.objects.exists()


def test_a_suspended_account_declaring_through_the_api_gets_400(api_client, user, items):
    user.status = "suspended"
    user.save(update_fields=["status"])
    api_client.force_authenticate(user)

    response = api_client.post(
        "/api/v1/declarations/",
        {"tracking_number": "99998888777", "carrier": "yamato", "items": items},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["type"] == "domain_error"
    assert not Parcel.objects.exists()
