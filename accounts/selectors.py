"""Accounts reads other apps may call."""

from typing import Any

from accounts import member_codes
from accounts.models import MarketingConsent, User
from accounts.states import AccountStatus

# The warehouse the customers' shops ship to. The member code is the "room" line: without it a
# parcel is unidentified (RULES: warehouse parcels).
WAREHOUSE_JA = (
    "〒273-0012",
    "千葉県船橋市浜町2-1-1",
    "トランシップ倉庫 {code}",
    "電話 047-000-0000",
)
WAREHOUSE_ROMANISED = (
    "Transship Warehouse {code}",
    "2-1-1 Hamacho",
    "Funabashi-shi, Chiba 273-0012",
    "Japan",
    "Tel. +81 47-000-0000",
)


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


def marketing_consent_is_granted(*, user: Any, channel: str) -> bool:
    return MarketingConsent.objects.filter(user=user, channel=channel, is_granted=True).exists()


def member_code_is_valid(*, code: str) -> bool:
    """True when `code` is well formed and its check character matches (typos are caught)."""
    return member_codes.is_well_formed(member_codes.normalise(code))


def user_by_member_code(*, code: str) -> User | None:
    """The member with this code (any case, spaces or hyphens); None for an invalid or unknown
    code."""
    normalised = member_codes.normalise(code)
    if not member_codes.is_well_formed(normalised):
        return None
    return User.objects.filter(member_code=normalised).first()


def user_is_frozen(*, user_id: int) -> bool:
    """Disqualified members' balance and stored goods are frozen (agreement 8(2))."""
    return User.objects.filter(pk=user_id, status=AccountStatus.DISQUALIFIED).exists()


def warehouse_address(*, user: Any) -> dict[str, list[str]]:
    """The address to paste into Japanese shops, in Japanese and romanised, with the member
    code. Empty lists until the application is approved (no code, nothing to ship to)."""
    if not getattr(user, "member_code", None):
        return {"ja": [], "romanised": []}
    code = member_codes.display(user.member_code)
    return {
        "ja": [line.format(code=code) for line in WAREHOUSE_JA],
        "romanised": [line.format(code=code) for line in WAREHOUSE_ROMANISED],
    }
