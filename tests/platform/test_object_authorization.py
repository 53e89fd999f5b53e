"""Who may reach whose objects: every route outside the admin that takes a parameter is listed here
with the status each kind of visitor gets, for every method the route accepts.

The routes come from the URLconf (and, for the API, the methods from the OpenAPI schema), so a new
route with an object id and no row in `EXPECTED` fails `test_every_object_route_has_a_row`; a
route whose parameter is not an object (a secret token, a slug) is listed in `NOT_OBJECTS` with
the reason. Each visitor requests the owner's object:

- `owner`, the customer the object belongs to; `other`, another active customer;
- `anon`, nobody logged in;
- the staff roles of accounts/roles.py (warehouse, support, finance) and a superuser: on the
  website and the API, staff are users like any other and own nothing; what they may see of
  customers' objects they see in the admin (tests/platform/test_permission_matrix.py).

A row reads `{method: {visitor: status}}`; `private(...)` spells the usual row: the owner's
status, 404 for every other logged-in visitor (another member's objects do not exist for you),
and the login redirect (site) or 401 (API) for anonymous visitors. The owner's unsafe requests
go last, after every other visitor has failed to change anything, and carry an empty body.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accounts.roles import FINANCE, SUPPORT, WAREHOUSE
from accounts.services import access_token_create
from billing.models import Payment
from parcels.models import ParcelPhoto, Shipment
from parcels.states import ShipmentStatus
from privacy.services import privacy_request_create
from support.services import conversation_open
from tests.billing.factories import InvoiceFactory, disposed_parcel
from tests.factories import AddressFactory, StaffFactory, UserFactory
from tests.parcels.factories import ParcelFactory
from tests.shipping.factories import CarrierServiceFactory

pytestmark = pytest.mark.django_db

VISITORS = ("owner", "other", "anon", WAREHOUSE, SUPPORT, FINANCE, "superuser")
NOT_OWNERS = ("other", WAREHOUSE, SUPPORT, FINANCE, "superuser")


def private(owner: int, *, anon: int = 302, **others: int) -> dict[str, int]:
    """The owner gets `owner`; everybody else logged in 404 unless named in `others`."""
    row = {"owner": owner, "anon": anon} | dict.fromkeys(NOT_OWNERS, 404)
    for name, status in others.items():
        row[{"W": WAREHOUSE, "S": SUPPORT, "F": FINANCE, "SU": "superuser"}.get(name, name)] = (
            status
        )
    return row


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(VISITORS, status)


def api(owner: int) -> dict[str, int]:
    return private(owner, anon=401)


def post_only(owner: int) -> dict[str, dict[str, int]]:
    """A site action behind @require_POST: GET is 405 once logged in (the login redirect first)."""
    return {"GET": everyone(405) | {"anon": 302}, "POST": private(owner)}


# Staff whose role views parcel photos (warehouse, support) see any customer's photo (intake).
PHOTO_VIEWERS = {"W": 200, "S": 200, "SU": 200}
# Issue 11 item 5 (not closed here): every staff role with `billing.view_invoice` gets any
# customer's receipt PDF, name included (the admin's invoice page links to it).
RECEIPT_VIEWERS = {"W": 200, "S": 200, "F": 200, "SU": 200}

# route name -> (object the parameter names, {method: {visitor: status}})
EXPECTED = {
    # --- website ---------------------------------------------------------------------------
    "accounts:address_edit": ("address", {"GET": private(200), "POST": private(400)}),
    "accounts:address_delete": ("address", {"GET": private(200), "POST": private(302)}),
    "parcels:detail": ("parcel", {"GET": private(200), "POST": private(200)}),
    "parcels:edit": ("declared", {"GET": private(200), "POST": private(200)}),
    "parcels:resolve": ("parcel", post_only(302)),
    "parcels:extra": ("parcel", post_only(302)),
    "parcels:photo": (
        "photo",
        {"GET": private(200, **PHOTO_VIEWERS), "POST": private(200, **PHOTO_VIEWERS)},
    ),
    "parcels:shipment": ("shipment", {"GET": private(200), "POST": private(200)}),
    "parcels:cancel": ("shipment", {"GET": private(200), "POST": private(302)}),
    "billing:invoice": ("invoice", {"GET": private(200), "POST": private(200)}),
    "billing:invoice_pay": ("invoice", post_only(302)),
    "billing:invoice_coupon": ("invoice", post_only(200)),
    "billing:invoice_points": ("invoice", post_only(200)),
    "billing:invoice_approve": ("invoice", post_only(302)),
    "billing:receipt": (
        "invoice",
        {"GET": private(200, **RECEIPT_VIEWERS), "POST": private(200, **RECEIPT_VIEWERS)},
    ),
    "billing:test_payment": ("payment", {"GET": private(200), "POST": private(302)}),
    "billing:settlement": ("disposed", {"GET": private(404), "POST": private(404)}),
    "privacy:request_withdraw": ("privacy_request", post_only(302)),
    "privacy:request_download": ("privacy_request", post_only(302)),
    "support:detail": ("conversation", {"GET": private(200), "POST": private(400)}),
    # Support agents (and superusers) read customers' attachments beside the conversation.
    "support:attachment": (
        "attachment",
        {"GET": private(200, S=200, SU=200), "POST": everyone(405) | {"anon": 302}},
    ),
    # --- API (methods from the OpenAPI schema) ---------------------------------------------
    "api-address": (
        "address",
        {"GET": api(200), "PUT": api(400), "PATCH": api(200), "DELETE": api(204)},
    ),
    "api-token": ("token", {"DELETE": api(204)}),
    "api-declaration-detail": ("declared", {"GET": api(200), "PATCH": api(200)}),
    "api-parcel-detail": ("parcel", {"GET": api(200)}),
    "api-shipment-detail": ("shipment", {"GET": api(200)}),
    "api-shipment-cancel": ("shipment", {"POST": api(200)}),
    "billing-invoice": ("invoice", {"GET": api(200)}),
    "billing-invoice-pay": ("invoice", {"POST": api(201)}),
    "api-privacy-request-detail": ("privacy_request", {"GET": api(200)}),
    "api-privacy-request-download": ("privacy_request", {"POST": api(400)}),
    "api-conversation-detail": ("conversation", {"GET": api(200)}),
    "api-conversation-reply": ("conversation", {"POST": api(400)}),
}

# Routes with a parameter that names no customer's object, and why.
NOT_OBJECTS = {
    "account_reset_password_from_key": "allauth's emailed reset key (tested by allauth)",
    "accounts:legal": "a public legal document by kind",
    "accounts:guardian_consent_confirm": "a signed, expiring token emailed to a minor's guardian "
    "(tests/accounts/test_guardian_consent.py)",
    "notifications:unsubscribe": "a signed one-click unsubscribe token (notifications tests)",
    "privacy:export_download": "a secret single-use token, checked with the logged-in owner "
    "(tests/privacy/test_export.py)",
    "support:notice_dismiss": "a service notice shown to everyone it concerns; dismissing it only "
    "writes the visitor's own session (tests/support/test_notices.py)",
}

SAFE_FIRST = ("GET", "HEAD", "OPTIONS", "PATCH", "PUT", "POST", "DELETE")


def _routes(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern


def object_routes() -> dict[str, str]:
    """name -> route of every pattern outside the admin that takes a parameter."""
    found = {}
    for route, name, pattern in _routes():
        if route.startswith(("admin/", "^media/")) or not pattern.pattern.regex.groupindex:
            continue
        found[name] = route
    return found


def test_every_object_route_has_a_row():
    routes = object_routes()

    assert set(routes) - set(EXPECTED) - set(NOT_OBJECTS) == set(), "add a row to EXPECTED"
    assert set(EXPECTED) - set(routes) == set(), "a row names a route that no longer exists"


def test_every_api_operation_on_an_object_is_in_its_row(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    routes = object_routes()
    by_path = {"/" + routes[name].replace("<int:pk>", "{id}"): name for name in routes}

    for path, operations in schema["paths"].items():
        if "{" not in path:
            continue
        name = by_path[path]
        methods = {m.upper() for m in operations if m in {"get", "put", "patch", "post", "delete"}}
        assert set(EXPECTED[name][1]) == methods, name


@pytest.fixture
def world(settings):
    settings.STRIPE_SECRET_KEY = ""
    owner = UserFactory()
    parcel = ParcelFactory(owner=owner)
    photo = ParcelPhoto.objects.create(parcel=parcel, image=ContentFile(b"\xff\xd8", "p.jpg"))
    service = CarrierServiceFactory(code="ems", name="EMS")
    shipment = Shipment.objects.create(
        user=owner, destination_country="US", service=service, status=ShipmentStatus.REQUESTED
    )
    invoice = InvoiceFactory(user=owner, total=Decimal(5000))
    payment = Payment.objects.create(
        number="T-AUTHZ-1",
        user=owner,
        invoice=invoice,
        amount=Decimal(5000),
        method=Payment.Method.TEST,
    )
    token, _ = access_token_create(user=owner, name="script")
    conversation = conversation_open(
        user=owner,
        subject="Where is it?",
        body="A question",
        attachments=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n", "image/png")],
    )
    objects = {
        "address": AddressFactory(user=owner).pk,
        "parcel": parcel.pk,
        "declared": ParcelFactory(owner=owner, status="expected", received_at=None).pk,
        "photo": photo.pk,
        "shipment": shipment.pk,
        "invoice": invoice.pk,
        "payment": payment.number,
        "disposed": disposed_parcel(user=owner, received_days_ago=90).pk,
        "privacy_request": privacy_request_create(user=owner, kind="access").pk,
        "token": token.pk,
        "conversation": conversation.pk,
        "attachment": conversation.messages.get().attachments.get().pk,
    }
    visitors = {"owner": owner, "other": UserFactory(), "anon": None}
    for role in (WAREHOUSE, SUPPORT, FINANCE):
        staff = StaffFactory()
        staff.groups.add(Group.objects.get(name=role))
        visitors[role] = staff
    visitors["superuser"] = StaffFactory(is_superuser=True)
    return objects, visitors


def _observe(route: str, name: str, objects: dict, visitors: dict) -> dict[str, dict[str, int]]:
    kind, rows = EXPECTED[name]
    url = "/" + route.split("<", 1)[0] + str(objects[kind]) + route.split(">", 1)[1]
    seen: dict[str, dict[str, int]] = {method: {} for method in rows}
    for method in sorted(rows, key=SAFE_FIRST.index):
        for who in sorted(VISITORS, key=lambda v: v == "owner"):  # the owner last
            client = APIClient()
            if visitors[who] is not None:
                client.force_login(visitors[who])
            body = {"format": "json"} if name.startswith(("api", "billing-")) else {}
            response = getattr(client, method.lower())(url, **body)
            seen[method][who] = response.status_code
    return seen


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_visitor_gets_the_expected_answer_on_anothers_object(name, world):
    objects, visitors = world
    route = object_routes()[name]

    seen = _observe(route, name, objects, visitors)

    expected = EXPECTED[name][1]
    wrong = {
        f"{method} as {who}": f"got {seen[method][who]}, expected {expected[method].get(who)}"
        for method in expected
        for who in VISITORS
        if seen[method][who] != expected[method].get(who)
    }
    assert wrong == {}
