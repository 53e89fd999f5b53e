from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import AccessToken


class AccessTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer tsj_…` with a personal access token."""

    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        token = header[1].decode(errors="replace")
        found = (
            AccessToken.objects.usable()
            .select_related("user")
            .filter(digest=AccessToken.digest_of(token))
            .first()
        )
        if found is None or not found.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user, found

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
