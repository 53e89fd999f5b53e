"""The price list in the admin: Finance opens and imports it (CSV), other roles may not import."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shipping import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "admin:shipping_rate_changelist",
        "admin:shipping_rate_import",
        "admin:shipping_ratetable_changelist",
        "admin:shipping_carrierservice_changelist",
        "admin:shipping_zone_changelist",
    ],
)
def test_finance_staff_can_open_the_price_list_admin(client, finance_user, ems, url):
    client.force_login(finance_user)

    response = client.get(reverse(url))

    assert response.status_code == 200


def test_rate_tables_import_from_csv(client, finance_user, ems):
    import io

    csv = (
        "service,effective_from,zone,countries,max_weight_g,price_jpy\n"
        "ems,2031-04-01,Z1,CN US,500,1600\n"
        "ems,2031-04-01,Z1,CN US,1000,2100\n"
    )
    client.force_login(finance_user)
    upload = io.BytesIO(csv.encode())
    upload.name = "rates.csv"

    response = client.post(
        reverse("admin:shipping_rate_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm = response.context["confirm_form"]
    client.post(reverse("admin:shipping_rate_process_import"), confirm.initial)

    from datetime import date

    quote = selectors.quote_price(
        service_id=ems.pk,
        weight_g=800,
        length_cm=10,
        width_cm=10,
        height_cm=10,
        country="CN",
        at=date(2031, 4, 1),
    )
    assert quote.price == Decimal(2100)


@pytest.mark.parametrize("role", ["Support agent", "Warehouse staff"])
def test_only_roles_that_may_change_rates_import_them(client, ems, role):
    import io

    from shipping.models import Rate
    from tests.factories import StaffFactory

    prices = sorted(Rate.objects.values_list("pk", "price"))
    csv = (
        "service,effective_from,zone,countries,max_weight_g,price_jpy\nems,2000-01-01,Z1,CN,500,1\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "rates.csv"
    client.force_login(StaffFactory(groups=[role]))

    form = client.get(reverse("admin:shipping_rate_import"))
    posted = client.post(
        reverse("admin:shipping_rate_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirmed = client.post(reverse("admin:shipping_rate_process_import"), {"format": "0"})

    assert (form.status_code, posted.status_code, confirmed.status_code) == (403, 403, 403)
    assert sorted(Rate.objects.values_list("pk", "price")) == prices
