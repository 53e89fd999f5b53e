from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings

from accounts.models import AccessToken


class BadTokenThrottle(throttling.SimpleRateThrottle):
    """Wrong bearer tokens per client address (rate "bad_token"): a guesser is stopped with 429
    before the token is even looked up. Only failures count; a good token costs nothing here."""

    scope = "bad_token"

    def get_rate(self) -> str | None:
        # Read at use, not at import as DRF's class attribute does: tests and reloads see changes.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request: Request, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def is_blocked(self, request: Request) -> bool:
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def record_failure(self, request: Request) -> None:
        if not self.is_blocked(request):
            self.throttle_success()


class AccessTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer tsj_…` with a personal access token."""

    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            BadTokenThrottle().record_failure(request)
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        token = header[1].decode(errors="replace")
        throttle = BadTokenThrottle()
        if throttle.is_blocked(request):
            raise exceptions.Throttled(throttle.wait())
        found = (
            AccessToken.objects.usable()
            .select_related("user")
            .filter(digest=AccessToken.digest_of(token))
            .first()
        )
        if found is None or not found.user.is_active:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user, found

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
