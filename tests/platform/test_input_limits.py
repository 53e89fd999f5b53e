"""Bad input answers 4xx with the API's one error body, never a 500 or an HTML page.

The API cases are generated from the OpenAPI schema: every write endpoint, every integer or
decimal field in its request body (nested ones too) gets 2**31 and 2**63; every JSON endpoint
gets a body nested thousands of levels deep and one over the size limit. A new endpoint or field
is covered without touching this file."""

import hashlib
import hmac
import importlib
import json
import time

import pytest
from django import forms
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from billing.models import StripeEvent
from support.services import conversation_open
from tests.billing.factories import InvoiceFactory
from tests.factories import AddressFactory
from tests.parcels.factories import ParcelFactory
from transship import bounds

pytestmark = pytest.mark.django_db

BIG = (2**31, 2**63)
ERROR_KEYS = {"type", "detail", "errors"}


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = _schema()
COMPONENTS = SCHEMA["components"]["schemas"]


def _resolve(node: dict) -> dict:
    if "$ref" in node:
        return COMPONENTS[node["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(node["allOf"][0])
    return node


def _numbers(node: dict, path: tuple = ()):
    """(path, schema) of every writable integer or decimal in a request body schema."""
    node = _resolve(node)
    kind = node.get("type")
    if kind == "integer" or node.get("format") == "decimal":
        yield path, node
    elif kind == "array":
        yield from _numbers(node["items"], (*path, 0))
    elif "properties" in node:
        for name, child in node["properties"].items():
            if not child.get("readOnly"):
                yield from _numbers(child, (*path, name))


def _json_operations():
    for url, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if method in ("post", "put", "patch") and body:
                yield url, method, body["schema"], operation.get("security", [])


OPERATIONS = list(_json_operations())
NUMBER_CASES = [
    (url, method, path, value, field.get("type"), field.get("maximum"))
    for url, method, body, _ in OPERATIONS
    for path, field in _numbers(body)
    for value in BIG
]


def _body(path: tuple, value: int) -> object:
    body: object = value
    for step in reversed(path):
        body = [body] if step == 0 else {step: body}
    return body


@pytest.fixture
def customer_client(api_client, user):
    """A customer with one of each object a write endpoint's path names."""
    ids = {
        "/api/v1/addresses/{id}/": AddressFactory(user=user).pk,
        "/api/v1/declarations/{id}/": ParcelFactory(owner=user, status="expected").pk,
        "/api/v1/invoices/{id}/pay/": InvoiceFactory(user=user).pk,
        "/api/v1/support/conversations/{id}/messages/": conversation_open(
            user=user, subject="Limits", body="A question"
        ).pk,
    }
    api_client.force_authenticate(user)
    api_client.path_ids = ids
    return api_client


def _url(client, template: str) -> str:
    if "{" not in template:
        return template
    assert template in client.path_ids, f"give the test an object for {template}"
    return template.replace("{id}", str(client.path_ids[template]))


def _error_at(errors: object, path: tuple) -> object:
    """The messages the error body holds for the field at `path` (a list index is 0). A list's
    errors come as a list of per-item errors or as {"0": ...} (DRF's ListField), possibly wrapped
    in the body's one-element list."""
    for step in path:
        if step == 0 and isinstance(errors, list) and errors and not isinstance(errors[0], str):
            errors = errors[0]
            if not (isinstance(errors, dict) and "0" in errors):
                continue
        if not isinstance(errors, dict):
            return None
        errors = errors.get(str(step))
    return errors


def _error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == ERROR_KEYS
    return body


def test_every_integer_in_a_request_body_is_bounded_in_the_schema():
    unbounded = [
        (url, method, path)
        for url, method, path, _, kind, maximum in NUMBER_CASES
        if kind == "integer" and (maximum is None or maximum > bounds.ID_MAX)
    ]

    assert NUMBER_CASES
    assert unbounded == []


@pytest.mark.parametrize(
    ("url", "method", "path", "value", "kind", "maximum"),
    NUMBER_CASES,
    ids=[f"{m.upper()} {u} {'.'.join(map(str, p))}={v}" for u, m, p, v, *_ in NUMBER_CASES],
)
def test_a_huge_number_is_a_field_error_never_a_500(
    customer_client, url, method, path, value, kind, maximum
):
    too_big = maximum is not None and value > maximum if kind == "integer" else value >= 10**14
    sent = value if kind == "integer" else str(value)

    response = getattr(customer_client, method)(
        _url(customer_client, url), _body(path, sent), format="json"
    )

    assert response.status_code < 500
    if too_big:
        assert response.status_code == 400
        assert _error_at(_error(response)["errors"], path), response.json()


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(("url", "method"), [(u, m) for u, m, _, _ in OPERATIONS])
def test_a_json_body_nested_thousands_deep_answers_400(customer_client, url, method):
    response = getattr(customer_client, method)(
        _url(customer_client, url), _deep(5000), content_type="application/json"
    )

    assert response.status_code == 400
    assert _error(response)["type"] == "parse_error"


def test_the_anonymous_quote_api_refuses_deep_and_oversized_json(client, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    url = reverse("shipping-quotes")
    deep = {"weight_g": 500, "country": "CN", "x": json.loads(_deep(30))}

    nested = client.post(url, _deep(4000), content_type="application/json")
    huge = client.post(url, "[" + "1," * 10_000 + "1]", content_type="application/json")
    acceptable = client.post(url, deep, content_type="application/json")

    assert nested.status_code == 400
    assert _error(nested)["type"] == "parse_error"
    assert huge.status_code == 413
    assert _error(huge)["type"] == "payload_too_large"
    assert acceptable.status_code != 400 or "x" not in acceptable.json()["errors"]


def test_brackets_inside_strings_do_not_count_as_nesting(customer_client):
    response = customer_client.post(
        "/api/v1/addresses/", {"label": "[" * 1000 + "{" * 1000}, format="json"
    )

    assert response.status_code == 400
    assert "label" in _error(response)["errors"]  # the field's own rule (length), not the parser


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/parcels/abc/",
        "/api/v1/parcels/99999999999999999999999/",
        "/api/v1/invoices/1.5/pay/",
        "/api/v1/no-such-thing/",
    ],
)
def test_a_malformed_or_unknown_api_path_answers_the_json_404(customer_client, path):
    response = customer_client.get(path)

    assert response.status_code == 404
    assert _error(response)["type"] == "not_found"


def test_a_huge_id_in_a_valid_path_is_a_404(customer_client):
    response = customer_client.get(f"/api/v1/parcels/{2**63}/")

    assert response.status_code == 404
    assert _error(response)["type"] == "not_found"


def _signed(payload: bytes, secret: str) -> str:
    timestamp = int(time.time())
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


@pytest.mark.parametrize(
    "event",
    [
        {"id": "evt_1", "object": "event", "type": "checkout.session.completed"},
        {"id": "evt_1", "type": "checkout.session.completed", "data": None},
        {"id": "evt_1", "type": "checkout.session.completed", "data": {"object": "x"}},
        {"type": "checkout.session.completed", "data": {"object": {}}},
        ["not", "an", "event"],
    ],
)
def test_a_signed_stripe_event_that_is_not_event_shaped_answers_400(client, settings, event):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_shape"
    payload = json.dumps(event).encode()

    response = client.post(
        reverse("billing:stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=_signed(payload, settings.STRIPE_WEBHOOK_SECRET),
    )

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


# --- Customer and staff forms ------------------------------------------------------------------
FORM_MODULES = (
    "accounts.forms",
    "parcels.forms",
    "billing.forms",
    "privacy.forms",
    "billing.admin",
)


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
                and not issubclass(value, forms.BaseModelForm)
            ):
                yield value


FORM_CASES = [
    (cls, field_name, value)
    for cls in _form_classes()
    for field_name, field in cls.base_fields.items()
    if isinstance(field, forms.IntegerField | forms.DecimalField)
    for value in BIG
]


def _limit(field: forms.Field) -> int | None:
    found = [field.max_value]
    if isinstance(field, forms.DecimalField) and field.max_digits is not None:
        found.append(10 ** (field.max_digits - (field.decimal_places or 0)) - 1)
    found = [value for value in found if value is not None]
    return min(found) if found else None


@pytest.mark.parametrize(
    ("form_class", "field_name", "value"),
    FORM_CASES,
    ids=[f"{c.__module__}.{c.__name__}.{f}={v}" for c, f, v in FORM_CASES],
)
def test_every_number_in_a_form_is_bounded_by_its_column(form_class, field_name, value):
    field = form_class.base_fields[field_name]
    limit = _limit(field)

    assert limit is not None, f"{form_class.__name__}.{field_name} has no upper bound"
    assert limit <= bounds.ID_MAX
    if value > limit:
        with pytest.raises(forms.ValidationError):
            field.clean(str(value))
    else:
        assert field.clean(str(value)) == value


def test_a_customer_declaring_a_huge_quantity_sees_a_field_error(client, user):
    client.force_login(user)
    form = {
        "tracking_number": "1234567890",
        "carrier": "yamato",
        "shop_name": "Mercari",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
        "items-0-description": "T-shirt",
        "items-0-category": "clothing",
        "items-0-quantity": str(2**63),
        "items-0-unit_value": str(2**63),
    }

    response = client.post(reverse("parcels:declare"), form)

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to" in response.content.decode()
    assert not user.parcels.exists()
