import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_renders(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Transship Japan" in response.content.decode()


def test_unknown_page_gets_the_site_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "broker": True}}


def test_the_header_shows_the_visitors_exchange_rate(client, finance_user):
    from decimal import Decimal

    from billing import services as billing_services

    billing_services.exchange_rate_set(currency="CNY", rate=Decimal("0.0478"), actor=finance_user)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert "¥1,000 ≈ 47.80 CNY" in page


def test_favicon_and_web_app_manifest_are_served(client):
    import json
    from pathlib import Path

    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    assert finders.find("favicon.ico")
    manifest = finders.find("site.webmanifest")
    icons = json.loads(Path(manifest).read_text(encoding="utf-8"))["icons"]
    assert all(finders.find(icon["src"]) for icon in icons)
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page
    assert 'rel="manifest"' in page
