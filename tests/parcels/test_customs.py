"""Customs at request time (issue 13): contents a form can carry, the customer's category, and
the CN22/CN23 choice at the 300 SDR limit converted with Finance's SDR rate."""

from decimal import Decimal

import pytest
from constance.test import override_config
from django.utils import translation

from billing import selectors as billing_selectors
from billing import services as billing_services
from parcels import selectors, services
from parcels.models import Shipment
from parcels.states import CustomsForm, ParcelStatus
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


def _request(user, parcels, address, service, category="gift"):
    return services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in parcels],
        recipient_id=address.pk,
        service_id=service.pk,
        customs_confirmed=True,
        customs_category=category,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"description": " "}, "line 1: describe the item"),
        ({"unit_value": 0}, "line 1: enter the value of one item"),
        ({"hs_code": ""}, "line 1: enter the HS tariff code"),
    ],
)
def test_a_line_a_customs_form_cannot_carry_refuses_the_request_naming_parcel_and_line(
    user, parcel_factory, address, carrier_service, line, message
):
    good = parcel_factory(owner=user)
    bad = parcel_factory(owner=user, items=[{}, line])

    with pytest.raises(DomainError) as error:
        _request(user, [good, bad], address, carrier_service)

    assert error.value.field == "parcels"
    assert f"{bad.code}, line 2" in str(error.value.message)
    assert message.replace("line 1", "line 2") in str(error.value.message)
    assert good.code not in str(error.value.message)
    assert not Shipment.objects.exists()


def test_a_parcel_whose_hold_was_cleared_without_contents_cannot_be_shipped(
    user, parcel_factory, address, carrier_service
):
    # stored again after a hold, its content lines gone
    parcel = parcel_factory(owner=user, items=[], hold_reason="")

    with pytest.raises(DomainError) as error:
        _request(user, [parcel], address, carrier_service)

    assert f"{parcel.code}: declare its contents" in str(error.value.message)
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.STORED


def test_the_message_is_in_the_users_language(user, parcel_factory, address, carrier_service):
    parcel = parcel_factory(owner=user, items=[{"hs_code": ""}])

    with translation.override("ja"), pytest.raises(DomainError) as error:
        _request(user, [parcel], address, carrier_service)

    assert parcel.code in str(error.value.message)
    assert "HS" in str(error.value.message)
    assert "enter the HS tariff code" not in str(error.value.message)


@pytest.mark.parametrize("category", ["", "gift,sale_of_goods", "documents"])
def test_the_customer_chooses_gift_or_sale_of_goods_one_not_both(
    user, parcel_factory, address, carrier_service, category
):
    parcel = parcel_factory(owner=user)

    with pytest.raises(DomainError) as error:
        _request(user, [parcel], address, carrier_service, category=category)

    assert error.value.field == "customs_category"


def test_the_request_records_category_and_form_and_weighs_lines_by_quantity(
    user, parcel_factory, address, carrier_service
):
    parcel = parcel_factory(
        owner=user,
        weight_g=1000,
        items=[{"quantity": 3, "unit_value": 1000}, {"quantity": 1, "unit_value": 2000}],
    )

    shipment = _request(user, [parcel], address, carrier_service, category="sale_of_goods")

    assert shipment.customs_category == "sale_of_goods"
    assert shipment.customs_form == CustomsForm.CN22
    assert [line.weight_g for line in shipment.customs_lines.all()] == [750, 250]


# --- CN22 limit: 300 SDR at Finance's SDR rate ---------------------------------------------------
@override_config(SDR_JPY_DEFAULT=Decimal("205"))
def test_until_finance_enters_an_sdr_rate_the_config_default_converts_the_limit():
    assert selectors.cn22_limit_jpy() == 300 * 205


def test_finance_s_sdr_rate_converts_the_limit(staff_user):
    billing_services.exchange_rate_set(
        currency=billing_selectors.SDR, rate=Decimal("0.005"), actor=staff_user
    )

    assert selectors.cn22_limit_jpy() == Decimal(60_000)


@pytest.mark.parametrize(
    ("declared", "form"),
    [(60_000, CustomsForm.CN22), (60_001, CustomsForm.CN23), (0, CustomsForm.CN22)],
)
def test_cn22_up_to_exactly_300_sdr_cn23_one_yen_above(staff_user, carrier_service, declared, form):
    billing_services.exchange_rate_set(
        currency=billing_selectors.SDR, rate=Decimal("0.005"), actor=staff_user
    )

    assert selectors.customs_form_for(declared_value=declared, service=carrier_service) == form


def test_a_service_that_requires_cn23_gets_it_whatever_the_value(carrier_service):
    carrier_service.requires_cn23 = True

    assert selectors.customs_form_for(declared_value=1, service=carrier_service) == CustomsForm.CN23


@override_config(SDR_JPY_DEFAULT=Decimal("200"), EXPORT_DECLARATION_THRESHOLD_JPY=200_000)
def test_the_preview_shows_value_form_and_export_declaration(user, parcel_factory, carrier_service):
    parcel = parcel_factory(owner=user, items=[{"quantity": 2, "unit_value": 30_001}])

    preview = selectors.customs_preview(parcels=[parcel], service=carrier_service)

    assert preview.declared_value == 60_002
    assert preview.form == CustomsForm.CN23
    assert preview.needs_export_declaration is False
    assert preview.problems == []


@override_config(SDR_JPY_DEFAULT=Decimal("200"))
def test_the_ship_page_shows_value_form_and_export_declaration_before_confirming(
    client, user, parcel_factory, address, carrier_service
):
    parcel_factory(owner=user, items=[{"quantity": 1, "unit_value": 60_001}])
    client.force_login(user)

    page = client.get("/parcels/shipments/new/").content.decode()

    assert 'data-testid="customs-form">CN23' in page
    assert "¥60,001" in page
    assert 'data-testid="export-declaration">Not needed' in page
    assert 'name="customs_category" value="gift"' in page
