import pytest
from django.urls import reverse

from billing import selectors as billing_selectors
from parcels import services
from parcels.models import Parcel
from parcels.states import ParcelStatus, ShipmentStatus

pytestmark = pytest.mark.django_db

MEASURES = {"weight_g": "1500", "length_cm": "30", "width_cm": "20", "height_cm": "10"}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_the_intake_screen_finds_a_declaration_by_scanned_tracking_number(
    staff_client, declared_parcel
):
    response = staff_client.get(reverse("admin:parcels_parcel_intake"), {"code": "1234-5678-9012"})

    page = response.content.decode()
    assert response.status_code == 200
    assert declared_parcel.code in page
    assert "Wool sweater" in page
    assert 'name="weight_g"' in page


def test_the_intake_screen_receives_a_parcel(staff_client, declared_parcel):
    response = staff_client.post(
        reverse("admin:parcels_parcel_intake"),
        {
            "action": "receive",
            "tracking_number": declared_parcel.tracking_number,
            "member_code": "",
            "bin_location": "A-02",
            "refusal": "",
            "note": "",
            **MEASURES,
        },
    )

    assert response.status_code == 302
    declared_parcel.refresh_from_db()
    assert declared_parcel.status == ParcelStatus.STORED
    assert declared_parcel.bin_location == "A-02"


def test_the_intake_screen_shows_a_negative_weight_as_a_field_error(staff_client, declared_parcel):
    response = staff_client.post(
        reverse("admin:parcels_parcel_intake"),
        {
            "action": "receive",
            "tracking_number": declared_parcel.tracking_number,
            "bin_location": "A-01",
            **MEASURES,
            "weight_g": "-3",
        },
    )

    assert response.status_code == 200
    assert "more than 0" in response.content.decode()
    declared_parcel.refresh_from_db()
    assert declared_parcel.status == ParcelStatus.EXPECTED


def test_an_accepted_parcel_needs_a_bin(staff_client, declared_parcel):
    response = staff_client.post(
        reverse("admin:parcels_parcel_intake"),
        {
            "action": "receive",
            "tracking_number": declared_parcel.tracking_number,
            "bin_location": "",
            **MEASURES,
        },
    )

    assert "Scan the bin" in response.content.decode()
    declared_parcel.refresh_from_db()
    assert declared_parcel.status == ParcelStatus.EXPECTED


def test_the_intake_screen_shows_the_members_warehouse_address(staff_client, user):
    response = staff_client.get(reverse("admin:parcels_parcel_intake"), {"code": user.member_code})

    assert "The label must read" in response.content.decode()


def test_a_customer_cannot_open_the_intake_screen(client, user):
    client.force_login(user)

    response = client.get(reverse("admin:parcels_parcel_intake"))

    assert response.status_code == 302  # to the admin login


def test_one_search_box_finds_parcels_by_member_code_and_shipment_number(
    staff_client, user, parcel_factory, address, carrier_service
):
    mine = parcel_factory(owner=user)
    parcel_factory()
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[mine.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )
    url = reverse("admin:parcels_parcel_changelist")

    by_member = staff_client.get(url, {"q": user.member_code}).content.decode()
    by_shipment = staff_client.get(url, {"q": shipment.number}).content.decode()
    by_tracking = staff_client.get(url, {"q": mine.tracking_number}).content.decode()

    for page in (by_member, by_shipment, by_tracking):
        assert mine.code in page
        assert "1 result" in page or "1 parcel" in page


@pytest.mark.parametrize("count", [2, 20])
def test_the_parcel_changelist_runs_a_constant_number_of_queries(
    staff_client, parcel_factory, count, django_assert_max_num_queries
):
    for _ in range(count):
        parcel_factory()

    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("admin:parcels_parcel_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_the_shipment_changelist_and_packing_queue_run_constant_queries(
    staff_client,
    user,
    parcel_factory,
    address,
    carrier_service,
    count,
    django_assert_max_num_queries,
):
    for _ in range(count):
        parcel = parcel_factory(owner=user)
        services.shipment_request(
            user=user,
            parcel_ids=[parcel.pk],
            recipient_id=address.pk,
            service_id=carrier_service.pk,
            customs_confirmed=True,
            customs_category="sale_of_goods",
        )

    with django_assert_max_num_queries(14):
        assert staff_client.get(reverse("admin:parcels_shipment_changelist")).status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get(reverse("admin:parcels_shipment_packing")).status_code == 200


def test_staff_pack_print_and_ship_from_the_packing_table(
    staff_client, user, parcel_factory, address, carrier_service, pay_shipment
):
    parcels = [parcel_factory(owner=user, bin_location=b) for b in ("C-1", "A-1")]
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[p.pk for p in parcels],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )
    pack_url = reverse("admin:parcels_shipment_pack", args=[shipment.pk])

    pick = staff_client.get(reverse("admin:parcels_shipment_pick_list", args=[shipment.pk]))
    staff_client.post(pack_url, {"action": "start"})
    staff_client.post(
        pack_url,
        {
            "action": "pack",
            "weight_g": "2500",
            "length_cm": "40",
            "width_cm": "30",
            "height_cm": "20",
        },
    )
    waybill = staff_client.get(reverse("admin:parcels_shipment_waybill", args=[shipment.pk]))
    customs = staff_client.get(reverse("admin:parcels_shipment_customs", args=[shipment.pk]))
    unpaid = staff_client.post(
        pack_url, {"action": "ship", "tracking_number": "EJ123456789JP"}, follow=True
    )
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKED
    assert "not paid" in unpaid.content.decode()
    invoice = pay_shipment(shipment)
    staff_client.post(pack_url, {"action": "ship", "tracking_number": "EJ123456789JP"})

    page = pick.content.decode()
    assert page.index("A-1") < page.index("C-1")
    assert waybill["Content-Type"] == "application/pdf"
    assert waybill.content.startswith(b"%PDF")
    assert customs.content.startswith(b"%PDF")
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED
    assert shipment.tracking_number == "EJ123456789JP"
    assert invoice.status == "paid"
    assert invoice.amount_due == 0


def test_the_disposal_queue_records_a_sale(staff_client, parcel_factory):
    parcel = parcel_factory(status=ParcelStatus.DISPOSAL_DUE)

    listing = staff_client.get(reverse("admin:parcels_parcel_disposal"))
    staff_client.post(
        reverse("admin:parcels_parcel_disposal"),
        {"action": "dispose", "parcel": parcel.pk, "method": "sold", "sale_price": "4000"},
    )

    assert parcel.code in listing.content.decode()
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.DISPOSED
    assert parcel.disposal_price == 4000
    assert billing_selectors.settlement_for_parcel(parcel_id=parcel.pk).sale_price == 4000


def test_an_inspection_from_the_desk_puts_the_parcel_on_hold(staff_client, stored_parcel):
    staff_client.post(
        reverse("admin:parcels_parcel_desk", args=[stored_parcel.pk]),
        {"action": "inspect", "result": "mismatch", "notes": "3 items, declared 2"},
    )

    stored_parcel.refresh_from_db()
    assert stored_parcel.status == ParcelStatus.ON_HOLD
    assert Parcel.objects.get().inspections.count() == 1


def test_a_photo_over_the_upload_limit_is_refused_with_a_message(
    staff_client, declared_parcel, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.parcels.test_intake import PNG

    settings.STAFF_UPLOAD_MAX_BYTES = 1000
    photo = SimpleUploadedFile("label.png", PNG + b"\0" * 2000, content_type="image/png")

    response = staff_client.post(
        reverse("admin:parcels_parcel_intake"),
        {
            "action": "receive",
            "tracking_number": declared_parcel.tracking_number,
            "bin_location": "A-01",
            "refusal": "",
            "note": "",
            "photos": [photo],
            **MEASURES,
        },
    )

    assert response.status_code == 200
    assert "files up to 1000" in response.content.decode()
    declared_parcel.refresh_from_db()
    assert declared_parcel.status == ParcelStatus.EXPECTED
    assert not declared_parcel.photos.exists()


@pytest.mark.parametrize(("size", "points"), [("", (283, 425)), ("a6", (298, 420))])
def test_the_packing_table_prints_the_waybill_in_both_label_sizes(
    staff_client, user, parcel_factory, address, carrier_service, size, points
):
    from io import BytesIO

    from pypdf import PdfReader

    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel_factory(owner=user).pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="gift",
    )
    url = reverse("admin:parcels_shipment_waybill", args=[shipment.pk])

    response = staff_client.get(url, {"size": size} if size else {})

    box = PdfReader(BytesIO(response.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points
    assert staff_client.get(url, {"size": "a4"}).status_code == 404


def test_the_intake_screen_moves_a_parcel_that_is_here_to_another_bin(staff_client, stored_parcel):
    page = staff_client.get(
        reverse("admin:parcels_parcel_intake"), {"code": stored_parcel.code}
    ).content.decode()

    response = staff_client.post(
        reverse("admin:parcels_parcel_intake"),
        {"action": "bin", "parcel": stored_parcel.pk, "bin_location": "z-09"},
    )

    assert 'name="action" value="bin"' in page
    assert response.status_code == 302
    stored_parcel.refresh_from_db()
    assert stored_parcel.bin_location == "Z-09"


def test_the_desk_posts_only_the_form_whose_action_is_named(staff_client, stored_parcel):
    """A bin move posted with inspection fields alongside moves the bin and inspects nothing."""
    response = staff_client.post(
        reverse("admin:parcels_parcel_desk", args=[stored_parcel.pk]),
        {"action": "bin", "bin_location": "q-1", "result": "mismatch", "notes": "x"},
    )

    assert response.status_code == 302
    stored_parcel.refresh_from_db()
    assert stored_parcel.bin_location == "Q-1"
    assert stored_parcel.status == ParcelStatus.STORED
    assert not stored_parcel.inspections.exists()


@pytest.mark.parametrize("action", [None, "", "destroy", "pack"])
def test_every_staff_screen_answers_400_to_an_unknown_action(
    staff_client, stored_parcel, user, address, carrier_service, action
):
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[stored_parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )
    urls = [
        reverse("admin:parcels_parcel_intake"),
        reverse("admin:parcels_parcel_desk", args=[stored_parcel.pk]),
        reverse("admin:parcels_parcel_disposal"),
    ]
    if action != "pack":  # "pack" is a real action of the pack screen
        urls.append(reverse("admin:parcels_shipment_pack", args=[shipment.pk]))
    data = {"weight_g": "1500", "bin_location": "A-1", "result": "ok", "start": "1"}
    if action is not None:
        data["action"] = action

    for url in urls:
        assert staff_client.post(url, data).status_code == 400, url

    stored_parcel.refresh_from_db()
    shipment.refresh_from_db()
    assert stored_parcel.bin_location != "A-1"
    assert shipment.status == ShipmentStatus.REQUESTED
