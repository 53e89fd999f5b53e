"""Every link a role is shown in the admin opens for that role: no page offers a button, object
tool or link that answers 403.

Generated from data: for each role (the superuser may open everything, so it is left out), the
pages it may open are its dashboard, the change list of every model MATRIX lets it view, the
change form of one object of each, and the custom screens SCREENS lets it open (on real objects).
Every `<a href>` and form `action` into /admin/ on those pages is requested as that role."""

from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from parcels import services as parcels_services
from parcels.models import Parcel
from parcels.states import ParcelStatus
from privacy import services as privacy_services
from shipping.models import CarrierService
from tests.factories import AddressFactory, StaffFactory, UserFactory
from tests.platform.admin_matrix import MISSING_PK
from tests.platform.test_permission_matrix import MATRIX, SCREENS, F, S, W

pytestmark = pytest.mark.django_db

# Links requested per url name and role: enough to catch a link to an object the role may not
# open (a staff account), without requesting every row of every change list.
PER_NAME = 2


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        target = attrs.get("href") if tag == "a" else attrs.get("action") if tag == "form" else None
        if target and not target.startswith(("#", "javascript:", "mailto:")):
            self.found.append(target)


def _links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    paths = []
    for target in parser.found:
        path = urlsplit(urljoin(page_url, target)).path
        if path.startswith("/admin/") and path not in ("/admin/logout/",):
            paths.append(path)
    return paths


@pytest.fixture
def sample_data(settings):
    """The demo data (every app's `demo.seed`): customers, staff, parcels, shipments, invoices."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    stored = Parcel.objects.filter(status=ParcelStatus.STORED).order_by("pk")
    parcels_services.shipment_request(  # the demo has none: one waiting at the packing table
        user=stored[0].owner,
        parcel_ids=[stored[0].pk],
        recipient_id=AddressFactory(user=stored[0].owner, country="US").pk,
        service_id=CarrierService.objects.order_by("position", "pk").first().pk,
        customs_confirmed=True,
        customs_category="sale_of_goods",
    )
    return {
        "customer": UserFactory().pk,
        "privacy_request": privacy_services.privacy_request_create(
            user=UserFactory(), kind="access"
        ).pk,
    }


def _sample_for_screen(url_name: str):
    for model in admin.site._registry:
        if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model._default_manager.order_by("pk").first()
    return None


def _start_pages(role: str, objects: dict) -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        if "v" not in MATRIX[model._meta.label_lower][role][0]:
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{info}_changelist"))
        sample = model._default_manager.order_by("pk").first()
        if sample is not None and model._meta.label_lower != "constance.config":
            pages.append(reverse(f"{info}_change", args=[sample.pk]))
    for name, (args, method, allowed) in SCREENS.items():
        if role not in allowed or method != "get":
            continue
        if MISSING_PK in args:  # a screen on one object: open it on a real one of its model
            sample = _sample_for_screen(name)
            if sample is None:
                continue
            args = tuple(sample.pk if a == MISSING_PK else a for a in args)
        pages.append(reverse(f"admin:{name}", args=tuple(objects.get(a, a) for a in args)))
    return pages


@pytest.mark.parametrize("role", [W, S, F])
def test_no_admin_page_links_a_role_to_a_page_it_may_not_open(client, role, sample_data):
    client.force_login(StaffFactory(groups=[role]))
    pages = _start_pages(role, sample_data)
    refused: dict[str, str] = {}
    seen: set[str] = set(pages)
    per_name: dict[str, int] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), f"{role}: {page} answered {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # a redirect (an application already decided) or a PDF
        for link in _links(page, response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            try:
                name = resolve(link).url_name or link
            except Resolver404:
                continue
            per_name[name] = per_name.get(name, 0) + 1
            if per_name[name] > PER_NAME:
                continue
            if client.get(link).status_code == 403:
                refused.setdefault(link, page)

    assert refused == {}, f"{role} is shown links that answer 403 (link: on page)"
