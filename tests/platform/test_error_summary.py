"""Every form that comes back with errors starts with an error summary linking to each field
(templates/partials/error_summary.html; forms rendered with `as_p`/`as_div` get it from
templates/django/forms/, hand-laid-out forms include it), in the reader's language."""

import re

import pytest

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> list[str]:
    block = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert block, "no error summary"
    return re.findall(r'href="#([^"]+)"', block[0])


def test_a_form_rendered_with_as_p_starts_with_the_summary(client, user):
    client.force_login(user)

    html = client.post("/me/addresses/new/", {}).content.decode()

    links = summary_links(html)
    assert "id_name" in links
    for target in links:
        assert f'id="{target}"' in html
    assert html.index("error-summary") < html.index('name="name"')


def test_the_declaration_summary_links_to_each_content_line_field(client, user):
    client.force_login(user)

    html = client.post(
        "/parcels/declare/",
        {
            "carrier": "yamato",
            "tracking_number": "1234-5678-9999",
            "shop_name": "Amazon JP",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-description": "Sneakers",
            "items-0-category": "clothing",
            "items-0-quantity": "0",
            "items-0-unit_value": "12000",
        },
    ).content.decode()

    assert "id_items-0-quantity" in summary_links(html)
    assert "Quantity (1):" in html


def test_the_sign_up_summary_is_in_the_visitors_language(client):
    html = client.post(
        "/accounts/signup/", {"email": "not-an-email"}, headers={"accept-language": "ja"}
    ).content.decode()

    assert "id_email" in summary_links(html)
    assert "次の点を修正してください" in html


def test_a_page_without_errors_has_no_summary(client, user):
    client.force_login(user)

    assert "error-summary" not in client.get("/me/addresses/new/").content.decode()
