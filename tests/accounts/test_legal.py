import pytest
from django.urls import reverse

from accounts import selectors, services
from accounts.models import LegalAcceptance, LegalDocument
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _accept_current(user):
    services.legal_documents_accept(
        user=user, document_ids=[d.pk for d in selectors.legal_documents_current()]
    )


def test_publishing_numbers_versions_per_document(superuser):
    first = services.legal_document_publish(kind="terms", body_en="v2 text", actor=superuser)
    second = services.legal_document_publish(kind="terms", body_en="v3 text", actor=superuser)

    assert (first.version, second.version) == (2, 3)
    assert [d.version for d in selectors.legal_documents_current() if d.kind == "terms"] == [3]


def test_a_new_version_is_accepted_at_the_next_login_before_anything_else(client, user, superuser):
    _accept_current(user)
    new_terms = services.legal_document_publish(kind="terms", body_en="New rules", actor=superuser)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.url == reverse("accounts:legal_accept")
    page = client.get(response.url).content.decode()
    assert "New rules" in page
    refused = client.post(reverse("accounts:legal_accept"), {})
    assert refused.status_code == 400
    assert not LegalAcceptance.objects.filter(user=user, document=new_terms).exists()

    client.post(reverse("accounts:legal_accept"), {"accept": "on"})

    assert LegalAcceptance.objects.filter(user=user, document=new_terms).exists()
    assert selectors.legal_documents_pending(user=user) == []


def test_a_member_who_accepted_everything_goes_straight_to_the_dashboard(client, user):
    _accept_current(user)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.url == reverse("accounts:dashboard")


def test_the_legal_page_shows_the_current_text_in_the_visitors_language(client, superuser):
    services.legal_document_publish(
        kind="privacy", body_en="English policy", body_ja="日本語のポリシー", actor=superuser
    )
    client.cookies["django_language"] = "ja"

    page = client.get(reverse("accounts:legal", args=["privacy"])).content.decode()

    assert "日本語のポリシー" in page
    assert LegalDocument.objects.filter(kind="privacy").count() == 2


def test_while_documents_are_pending_every_page_leads_to_the_acceptance(rf, user, superuser):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from accounts.middleware import SESSION_KEY, LegalAcceptanceMiddleware

    middleware = LegalAcceptanceMiddleware(lambda request: HttpResponse("page"))
    request = rf.get("/parcels/")
    request.user = user
    request.session = SessionStore()
    request.session[SESSION_KEY] = True

    blocked = middleware(request)
    request.session.pop(SESSION_KEY)
    passed = middleware(request)

    assert blocked.status_code == 302
    assert blocked.url.startswith(reverse("accounts:legal_accept") + "?next=%2Fparcels%2F")
    assert passed.status_code == 200
