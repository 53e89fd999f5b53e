"""Service notices (A16, A17): each reaches only its audience, as a banner (dismissable without
script), in the API and, for carrier suspensions and price changes, by one email; maintenance
mode stops changes while the admin, /healthz and webhooks keep working."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from parcels.models import Shipment
from support import selectors, services
from support.models import ServiceNotice
from tests.factories import AddressFactory, StaffFactory, UserFactory
from tests.shipping.factories import CarrierServiceFactory
from tests.support.conftest import mailgun_payload

pytestmark = pytest.mark.django_db


def _notice(**values) -> ServiceNotice:
    now = timezone.now()
    defaults = {
        "kind": "carrier_suspension",
        "audience": "all",
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(days=1),
        "title_en": "EMS to the US suspended",
        "title_ja": "米国宛EMS停止",
        "title_zh_hans": "寄往美国的EMS暂停",
        "text_en": "Japan Post has stopped EMS to the US.",
        "text_ja": "日本郵便は米国宛EMSを停止しました。",
        "text_zh_hans": "日本邮政已暂停寄往美国的EMS。",
    }
    services_ = values.pop("services", ())
    notice = ServiceNotice.objects.create(**(defaults | values))
    notice.services.set(services_)
    return notice


@pytest.fixture
def world(db):
    ems = CarrierServiceFactory(code="ems-n", name="EMS")
    sal = CarrierServiceFactory(code="sal-n", name="SAL")
    to_us = UserFactory(email="us@example.com")
    AddressFactory(user=to_us, country="US")
    shipped_us = UserFactory(email="shipped@example.com", language="ja")
    Shipment.objects.create(user=shipped_us, destination_country="US", service=sal)
    to_cn = UserFactory(email="cn@example.com")
    AddressFactory(user=to_cn, country="CN")
    Shipment.objects.create(user=to_cn, destination_country="CN", service=ems)
    staff = StaffFactory(groups=["Support agent"])
    return {"ems": ems, "to_us": to_us, "shipped_us": shipped_us, "to_cn": to_cn, "staff": staff}


def _seen_by(notice, world) -> set[str]:
    return {
        name
        for name in ("to_us", "shipped_us", "to_cn", "staff")
        if notice in selectors.notices_for(user=world[name])
    }


def test_each_audience_reaches_only_its_people(world):
    everyone = _notice(audience="all", published_at=timezone.now())
    us = _notice(audience="countries", countries=["US"], published_at=timezone.now())
    ems = _notice(audience="services", services=[world["ems"]], published_at=timezone.now())
    staff = _notice(audience="staff", published_at=timezone.now())
    draft = _notice(audience="all")

    assert _seen_by(everyone, world) == {"to_us", "shipped_us", "to_cn", "staff"}
    assert _seen_by(us, world) == {"to_us", "shipped_us", "staff"}
    assert _seen_by(ems, world) == {"to_cn", "staff"}
    assert _seen_by(staff, world) == {"staff"}
    assert _seen_by(draft, world) == set()


def test_a_carrier_suspension_is_emailed_once_to_the_affected_customers_in_their_language(
    world, django_capture_on_commit_callbacks
):
    notice = _notice(audience="countries", countries=["US"])

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_publish(notice_id=notice.pk, actor=world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_publish(notice_id=notice.pk, actor=world["staff"])

    sent = Notification.objects.filter(event="support.notice")
    assert sorted(sent.values_list("user__email", flat=True)) == [
        "shipped@example.com",
        "us@example.com",
    ]
    assert all(n.category == "transactional" for n in sent)
    assert "米国宛EMS停止" in sent.get(user=world["shipped_us"]).subject


def test_a_maintenance_window_is_not_emailed(world, django_capture_on_commit_callbacks):
    notice = _notice(kind="maintenance")

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_publish(notice_id=notice.pk, actor=world["staff"])

    assert not Notification.objects.filter(event="support.notice").exists()


def test_the_banner_shows_in_the_visitors_language_and_is_dismissed_without_script(world, client):
    notice = _notice(published_at=timezone.now())
    client.force_login(world["to_us"])

    page = client.get(reverse("accounts:dashboard"), HTTP_ACCEPT_LANGUAGE="ja")
    client.post(reverse("support:notice_dismiss", args=[notice.pk]), {"next": "/me/"})
    after = client.get(reverse("accounts:dashboard"))

    assert 'data-testid="service-notice"' in page.content.decode()
    assert "<script" not in page.content.decode().split('data-testid="service-notice"')[1][:600]
    assert 'data-testid="service-notice"' not in after.content.decode()


def test_the_api_lists_the_notices_for_the_customer(world, api_client):
    _notice(audience="countries", countries=["US"], published_at=timezone.now())
    api_client.force_authenticate(world["to_cn"])
    assert api_client.get("/api/v1/support/notices/").json() == []

    api_client.force_authenticate(world["to_us"])
    body = api_client.get("/api/v1/support/notices/").json()

    assert [n["title"] for n in body] == ["EMS to the US suspended"]


def test_maintenance_mode_stops_changes_but_not_the_admin_healthz_or_webhooks(
    world, client, settings
):
    settings.MAILGUN_WEBHOOK_SIGNING_KEY = "k"
    _notice(kind="maintenance", maintenance_mode=True, published_at=timezone.now())
    cache.clear()
    client.force_login(world["to_us"])

    page = client.get(reverse("accounts:dashboard"))
    change = client.post(reverse("accounts:address_add"), {"city": "X"})
    api_read = client.get("/api/v1/parcels/")
    api_write = client.post("/api/v1/support/conversations/", {}, content_type="application/json")
    webhook = client.post(
        "/support/inbound/mailgun/",
        mailgun_payload(recipient="x@y.test", sender="a@b.test", key="other"),
    )
    health = client.get("/healthz")
    client.force_login(world["staff"])
    admin = client.get("/admin/support/conversation/")

    assert page.status_code == 503
    assert page["Retry-After"]
    assert "EMS to the US suspended" in page.content.decode()
    assert change.status_code == 503
    assert change["Retry-After"]
    assert api_read.status_code == 200
    assert api_write.status_code == 503
    assert api_write.json()["type"] == "service_unavailable"
    assert webhook.status_code == 403  # reached the webhook (refused only for its signature)
    assert health.status_code in (200, 503)
    assert b"maintenance" not in health.content.lower()
    assert admin.status_code == 200
    assert world["to_us"].addresses.count() == 1


def test_dismissing_never_redirects_off_the_site(world, client):
    notice = _notice(published_at=timezone.now())

    response = client.post(
        reverse("support:notice_dismiss", args=[notice.pk]), {"next": "/\\evil.example/"}
    )

    assert response.url == "/"
