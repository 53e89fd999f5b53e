"""New terms or privacy policy are accepted at the next login before anything else (A2, P8).

The login sets a session flag when documents are pending (accounts.adapter); while it is set,
every page except the acceptance page, the documents themselves and logging out redirects there.
One session read per request, no query. To enable, add after AuthenticationMiddleware:
    "accounts.middleware.LegalAcceptanceMiddleware",
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_KEY = "accounts.legal_pending"
ALWAYS_ALLOWED = ("/static/", "/media/", "/i18n/", "/api/", "/healthz", "/readyz", "/admin/")


class LegalAcceptanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            hasattr(request, "session")
            and request.session.get(SESSION_KEY)
            and request.user.is_authenticated
            and not self._allowed(request.path)
        ):
            target = reverse("accounts:legal_accept")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            reverse("accounts:legal_accept"),
            reverse("accounts:legal", args=["terms"]),
            reverse("accounts:legal", args=["privacy"]),
            reverse("account_logout"),
        )
        return path.startswith(ALWAYS_ALLOWED) or path in allowed


class StaffTwoFactorMiddleware:
    """Staff reach the admin only after a second factor (STAFF_MFA_REQUIRED, on in production).

    The admin's own login form is not used (it redirects to allauth's login, with its rate limits,
    lockout and MFA stage). A staff member without an authenticator is sent to set one up first;
    a session that logged in without the second factor (a staff member who set TOTP up after
    logging in, or any session from before this rule) must log in again. One session read per
    admin request; the authenticator lookup only for staff without an MFA record."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
            and not _has_second_factor(request)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if is_mfa_enabled(request.user):
                from django.contrib.auth import logout

                logout(request)
                target = reverse("account_login")
            else:
                target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _has_second_factor(request: HttpRequest) -> bool:
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)
