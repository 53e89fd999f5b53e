import pytest
from django.urls import reverse

from parcels.models import Parcel, Shipment
from parcels.states import ParcelStatus, ShipmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client, user):
    client.force_login(user)
    return client


def _declaration(category: str = "clothing") -> dict:
    data = {
        "carrier": "yamato",
        "tracking_number": "3333-4444-5555",
        "shop_name": "Uniqlo",
        "shop_url": "",
        "note": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
    }
    data.update(
        {
            "items-0-description": "Jacket",
            "items-0-category": category,
            "items-0-quantity": "1",
            "items-0-unit_value": "9000",
            "items-0-hs_code": "",
        }
    )
    return data


def test_a_customer_declares_through_the_form(customer, user):
    response = customer.post(reverse("parcels:declare"), _declaration())

    parcel = Parcel.objects.get()
    assert response.status_code == 302
    assert parcel.owner == user
    assert parcel.items.get().description == "Jacket"


def test_a_prohibited_category_re_renders_the_form_with_the_reason(customer):
    response = customer.post(reverse("parcels:declare"), _declaration("p_weapons"))

    assert response.status_code == 200
    assert "prohibited item under article 10" in response.content.decode()
    assert not Parcel.objects.exists()


def test_the_parcel_page_shows_hold_reason_instructions_and_countdown(
    customer, user, parcel_factory
):
    parcel = parcel_factory(
        owner=user, status=ParcelStatus.ON_HOLD, hold_reason="contents_mismatch"
    )

    page = customer.get(reverse("parcels:detail", args=[parcel.pk])).content.decode()

    assert "Contents do not match the declaration" in page
    assert "correct it and confirm" in page
    assert "days left" in page


def test_another_customers_parcel_and_shipment_are_404(customer, other_user, parcel_factory):
    theirs = parcel_factory(owner=other_user)

    assert customer.get(reverse("parcels:detail", args=[theirs.pk])).status_code == 404
    assert customer.get(reverse("parcels:edit", args=[theirs.pk])).status_code == 404
    assert customer.post(reverse("parcels:cancel", args=[999])).status_code == 404


@pytest.mark.parametrize("count", [5, 60])
def test_the_parcel_list_runs_a_constant_number_of_queries(
    customer, user, parcel_factory, count, django_assert_max_num_queries
):
    for _ in range(count):
        parcel_factory(owner=user)
    customer.get(reverse("parcels:list"))  # constance writes its defaults on first read

    # session, user, count, the page of rows, STORAGE_LIMIT_DAYS and the service notices of the
    # page's banner (cache reads with Redis)
    with django_assert_max_num_queries(6):
        response = customer.get(reverse("parcels:list"))

    page = response.content.decode()
    assert page.count('<td><a href="/parcels/') == min(count, 50)  # 50 a page by default


def test_the_parcel_list_pages_through_every_parcel_keeping_the_filter(
    customer, user, parcel_factory
):
    parcels = [parcel_factory(owner=user) for _ in range(5)]
    parcel_factory(owner=user, status=ParcelStatus.EXPECTED, received_at=None)

    first = customer.get(reverse("parcels:list"), {"status": "stored", "page_size": 2})
    last = customer.get(reverse("parcels:list"), {"status": "stored", "page_size": 2, "page": 3})

    first_page, last_page = first.content.decode(), last.content.decode()
    assert first_page.count('<td><a href="/parcels/') == 2
    assert 'rel="next"' in first_page
    assert 'rel="prev"' not in first_page
    assert "status=stored&amp;page_size=2&amp;page=2" in first_page
    assert '<nav class="pager" aria-label="Pages">' in first_page
    assert last_page.count('<td><a href="/parcels/') == 1
    assert f'href="/parcels/{parcels[0].pk}/"' in last_page  # the oldest comes last
    assert 'rel="prev"' in last_page
    assert 'rel="next"' not in last_page


@pytest.mark.parametrize(("asked", "shown"), [("500", 200), ("0", 1), ("lots", 50)])
def test_the_page_size_is_clamped(customer, user, parcel_factory, asked, shown):
    from parcels.models import Parcel as ParcelModel

    ParcelModel.objects.bulk_create(
        [ParcelModel(owner=user, status=ParcelStatus.EXPECTED) for _ in range(201)]
    )

    page = customer.get(reverse("parcels:list"), {"page_size": asked}).content.decode()

    assert page.count('<td><a href="/parcels/') == shown


def test_the_parcel_list_shows_labels_in_the_readers_language(customer, user, parcel_factory):
    parcel_factory(owner=user, status=ParcelStatus.ON_HOLD, hold_reason="contents_mismatch")

    english = customer.get(reverse("parcels:list")).content.decode()
    customer.cookies["django_language"] = "ja"
    japanese = customer.get(reverse("parcels:list")).content.decode()

    assert "On hold" in english
    assert "Contents do not match the declaration" in english
    assert '<span class="status">On hold' not in japanese
    assert '<span class="status">保留中' in japanese


def test_a_customer_requests_and_cancels_a_shipment_through_the_pages(
    customer, user, parcel_factory, address, carrier_service
):
    parcels = [parcel_factory(owner=user) for _ in range(2)]
    form = customer.get(reverse("parcels:ship"))

    response = customer.post(
        reverse("parcels:ship"),
        {
            "parcels": [str(p.pk) for p in parcels],
            "recipient": str(address.pk),
            "service": str(carrier_service.pk),
            "insurance_amount": "0",
            "customs_confirmed": "on",
            "customs_category": "gift",
            "request": "1",
        },
    )
    shipment = Shipment.objects.get()
    customer.post(reverse("parcels:cancel", args=[shipment.pk]))

    assert "EMS" in form.content.decode()
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.CANCELLED


def test_cancelling_asks_first_and_says_what_happens(
    customer, user, parcel_factory, address, carrier_service, staff_user
):
    from parcels import services

    parcels = [parcel_factory(owner=user) for _ in range(2)]
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in parcels],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="gift",
    )
    url = reverse("parcels:cancel", args=[shipment.pk])

    page = customer.get(reverse("parcels:shipment", args=[shipment.pk])).content.decode()
    asked = customer.get(url).content.decode()
    shipment.refresh_from_db()

    assert f'href="{url}"' in page
    assert shipment.status == ShipmentStatus.REQUESTED  # asking changed nothing
    for parcel in parcels:
        assert parcel.code in asked
    assert "go back to storage" in asked
    assert f"¥{shipment.quoted_price:,.0f}" in asked
    assert 'method="post"' in asked

    services.shipment_packing_start(shipment_id=shipment.pk, actor=staff_user)
    late = customer.get(url, follow=True)
    assert "can no longer be cancelled" in late.content.decode()
    assert "shipment-cancel-confirm" not in late.content.decode()


def test_a_shipment_request_without_customs_confirmation_shows_the_error(
    customer, user, parcel_factory, address, carrier_service
):
    parcel = parcel_factory(owner=user)

    response = customer.post(
        reverse("parcels:ship"),
        {
            "parcels": [str(parcel.pk)],
            "recipient": str(address.pk),
            "service": str(carrier_service.pk),
            "customs_category": "gift",
            "request": "1",
        },
    )

    assert response.status_code == 200
    assert "Confirm the customs declaration" in response.content.decode()
    assert not Shipment.objects.exists()


def test_a_customer_sees_the_disposal_settlement_on_the_parcel_page(
    customer, user, parcel_factory, staff_user
):
    from parcels import services

    parcel = parcel_factory(owner=user, status=ParcelStatus.DISPOSAL_DUE)
    services.parcel_dispose(parcel_id=parcel.pk, method="sold", sale_price=20000, actor=staff_user)

    page = customer.get(reverse("parcels:detail", args=[parcel.pk])).content.decode()
    settlement_url = reverse("billing:settlement", args=[parcel.pk])

    assert 'data-testid="settlement"' in page
    assert "Sale proceeds ¥20,000" in page
    assert "Credited to you: ¥19,000." in page  # less the ¥1,000 disposal cost
    assert f'href="{settlement_url}"' in page
    assert customer.get(settlement_url).status_code == 200


def test_a_parcel_without_a_settlement_shows_none(customer, user, parcel_factory):
    parcel = parcel_factory(owner=user, status=ParcelStatus.DISPOSED)

    page = customer.get(reverse("parcels:detail", args=[parcel.pk])).content.decode()

    assert 'data-testid="settlement"' not in page
    assert reverse("billing:settlement", args=[parcel.pk]) not in page


def test_the_shipment_page_links_its_invoice_once_the_box_is_packed(
    customer, user, parcel_factory, address, carrier_service, staff_user
):
    from billing.models import Invoice
    from parcels import services

    parcel = parcel_factory(owner=user)
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )
    before = customer.get(reverse("parcels:shipment", args=[shipment.pk])).content.decode()
    services.shipment_pack(
        shipment_id=shipment.pk,
        weight_g=1400,
        length_cm=30,
        width_cm=20,
        height_cm=11,
        actor=staff_user,
    )

    page = customer.get(reverse("parcels:shipment", args=[shipment.pk])).content.decode()

    invoice = Invoice.objects.get(shipment_id=shipment.pk)
    assert 'data-testid="invoices"' not in before
    assert f'href="{reverse("billing:invoice", args=[invoice.pk])}"' in page
    assert invoice.number in page
    assert "We ship the box once it is paid" in page
