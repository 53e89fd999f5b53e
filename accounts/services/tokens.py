"""Personal access tokens for programs using the API."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessToken, User
from transship.errors import DomainError

MAX_TOKENS_PER_USER = 20


@transaction.atomic
def access_token_create(
    *, user: User, name: str, expires_at: datetime.datetime | None = None
) -> tuple[AccessToken, str]:
    """Create a token; returns it and its clear secret, which is shown this once only."""
    if not (name or "").strip():
        raise DomainError(_("Please name the token."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
    if AccessToken.objects.usable().filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise DomainError(_("Too many tokens: revoke one first."))
    secret = AccessToken.new_secret()
    token = AccessToken.objects.create(
        user=user,
        name=name.strip(),
        digest=AccessToken.digest_of(secret),
        hint=secret[:10],
        expires_at=expires_at,
    )
    return token, secret


def access_tokens_revoke_all(*, user_id: int) -> int:
    """End every usable token of the user (their password changed: a leaked password must not
    leave a program holding access). Returns how many were revoked."""
    return AccessToken.objects.usable().filter(user_id=user_id).update(revoked_at=timezone.now())


@transaction.atomic
def access_token_revoke(*, user: User, token_id: int) -> AccessToken:
    """Revoke one of the user's tokens; another user's id raises AccessToken.DoesNotExist."""
    token = AccessToken.objects.select_for_update().get(user=user, pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
