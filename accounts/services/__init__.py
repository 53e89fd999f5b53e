"""Accounts writes. Every function is keyword-only and owns its transaction; other apps import
them from here (`from accounts import services; services.account_suspend(...)`)."""

from accounts.services.lifecycle import (
    account_disqualify,
    account_mark_deceased,
    account_reinstate,
    account_suspend,
    account_transition,
    member_code_issue,
)
from accounts.services.marketing import marketing_consent_set

__all__ = [
    "account_disqualify",
    "account_mark_deceased",
    "account_reinstate",
    "account_suspend",
    "account_transition",
    "marketing_consent_set",
    "member_code_issue",
]
