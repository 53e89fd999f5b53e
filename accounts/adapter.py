"""allauth, adapted to membership: emails through the notifications spine, the lockout of
agreement 8.5, and new legal documents accepted right after login."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import selectors, services
from accounts.middleware import SESSION_KEY
from accounts.models import User
from transship.site import current_site


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        email = (credentials.get("email") or credentials.get("username") or "").strip()
        if (
            email
            and User.objects.filter(email__iexact=email, login_locked_at__isnull=False).exists()
        ):
            raise forms.ValidationError(
                _(
                    "Logging in to this account is locked after too many wrong passwords. "
                    "Reset your password by email to unlock it, or contact support."
                ),
                code="locked",
            )
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email") or credentials.get("username") or ""
        services.login_failure_record(email=email, ip_address=self.get_client_ip(request))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.is_authenticated and selectors.legal_documents_pending(user=user):
            request.session[SESSION_KEY] = True
            return reverse("accounts:legal_accept")
        if user.is_authenticated and selectors.password_is_stale(user=user):
            messages.warning(
                request,
                _("Your password is older than we recommend. Please change it."),
            )
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (verification code, password reset, …) go through the notifications
        spine like every other message, rendered in the user's language. The site's name and
        domain come from settings (transship.site), not from the request."""
        context = {**context, "current_site": current_site()}
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        if user is None or user.email.lower() != email.lower():
            super().send_mail(template_prefix, email, context)
            return
        with translation.override(user.language or None):
            message = self.render_mail(template_prefix, email, context)
        services.notify_user(
            user=user,
            event="account.mail",
            context={"subject": str(message.subject), "body": str(message.body)},
        )
