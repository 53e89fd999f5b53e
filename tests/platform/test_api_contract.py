"""The API answers what its OpenAPI schema says: every 4xx documented with the one error body,
`page_size` validated, JSON values of the documented type only, null (not "") for an absent URL
or choice. The fuzz test (test_api_fuzz.py) explores the same at random; these pin each rule."""

import pytest

from tests.parcels.factories import ParcelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


@pytest.fixture
def member_client(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_every_operation_documents_its_errors_with_the_error_body(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "429"} <= codes, (method, path)
            if method in {"post", "put", "patch"}:
                assert {"400", "403", "413", "415"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code in codes - {"200", "201", "204"}:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_the_error_body_is_documented_with_every_type_the_api_answers(schema):
    error = schema["components"]["schemas"]["Error"]
    types = schema["components"]["schemas"]["ErrorTypeEnum"]["enum"]

    assert set(error["required"]) == {"type", "detail", "errors"}
    assert {"validation_error", "domain_error", "not_found", "throttled"} <= set(types)


@pytest.mark.parametrize("page_size", ["0", "-1", "201", "abc", "1.5", "", "१०", "+5", "5 "])
def test_an_invalid_page_size_answers_400(member_client, page_size):
    response = member_client.get("/api/v1/parcels/", {"page_size": page_size})

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert "page_size" in response.json()["errors"]


@pytest.mark.parametrize("page", ["", "0", "-1", "abc", "1.5", "१", "+1"])
def test_an_invalid_page_answers_400_and_a_page_past_the_last_404(member_client, page):
    response = member_client.get("/api/v1/parcels/", {"page": page})
    past = member_client.get("/api/v1/parcels/", {"page": "99"})

    assert response.status_code == 400
    assert "page" in response.json()["errors"]
    assert past.status_code == 404
    assert past.json()["type"] == "not_found"


def test_a_page_size_in_range_is_used(member_client, user):
    ParcelFactory.create_batch(3, owner=user)

    response = member_client.get("/api/v1/parcels/", {"page_size": "2"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert response.json()["next"]


def test_page_size_is_documented_with_its_range(schema):
    parameters = schema["paths"]["/api/v1/parcels/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")

    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}


def test_an_unknown_parcel_status_filter_answers_400(member_client):
    response = member_client.get("/api/v1/parcels/", {"status": "nonsense"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": 0}, "email"),  # DRF alone reads 0 as False
        ({"email": "true"}, "email"),
    ],
)
def test_a_json_value_of_another_type_is_refused(member_client, body, field):
    response = member_client.put("/api/v1/me/marketing/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_number_for_a_text_field_is_refused(member_client):
    response = member_client.patch("/api/v1/me/", {"currency": 0}, format="json")

    assert response.status_code == 400
    assert "currency" in response.json()["errors"]


def test_form_encoded_bodies_keep_their_string_values(member_client):
    response = member_client.put("/api/v1/me/marketing/", {"email": "true"})  # multipart

    assert response.status_code == 200
    assert response.json()["email"] is True


@pytest.mark.parametrize("country", [{}, 0, None, ""])
def test_a_quote_without_a_real_country_is_refused(api_client, country):
    """django-countries took `{}` as "no country" and the quote answered 200 for nowhere."""
    box = {"weight_g": 1000, "length_cm": 10, "width_cm": 10, "height_cm": 10}

    response = api_client.post("/api/v1/quotes/", {"country": country, **box}, format="json")

    assert response.status_code == 400
    assert "country" in response.json()["errors"]


def test_an_absent_url_or_choice_answers_null(member_client, user):
    ParcelFactory(owner=user, shop_url="", hold_reason="")

    row = member_client.get("/api/v1/parcels/").json()["results"][0]

    assert row["shop_url"] is None
    assert row["hold_reason"] is None


def test_nullable_fields_are_declared_nullable(schema):
    components = schema["components"]["schemas"]

    assert components["Parcel"]["properties"]["shop_url"]["nullable"] is True
    assert components["Parcel"]["properties"]["hold_reason"]["nullable"] is True
    assert components["Shipment"]["properties"]["tracking_url"]["nullable"] is True
    for field in ("deletion_ground", "refusal_ground", "fee_invoice", "fee_invoice_number"):
        assert components["PrivacyRequest"]["properties"][field]["nullable"] is True, field


def test_the_statement_documents_its_balance_and_an_entry_without_invoice(schema):
    components = schema["components"]["schemas"]

    assert {"balance", "points"} <= set(components["PaginatedLedgerEntryList"]["required"])
    assert components["LedgerEntry"]["properties"]["invoice"]["nullable"] is True


def test_a_quote_answers_what_its_schema_documents(api_client, schema):
    from tests.shipping.factories import CarrierServiceFactory, price_list

    price_list(service=CarrierServiceFactory(code="ems", name="EMS"), countries=("US",))
    box = {"weight_g": 800, "length_cm": 10, "width_cm": 10, "height_cm": 10}

    body = api_client.post("/api/v1/quotes/", {"country": "US", **box}, format="json").json()

    documented = schema["components"]["schemas"]["ServiceQuote"]
    assert body["quotes"][0]["price_jpy"] == "1900"
    assert set(body["quotes"][0]) <= set(documented["properties"])
    assert set(documented["required"]) <= set(body["quotes"][0])
