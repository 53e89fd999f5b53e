"""Accounts writes. Every function is keyword-only and owns its transaction; other apps import
them from here (`from accounts import services; services.account_suspend(...)`)."""

from accounts.services.closure import (
    AccountClosureBlocked,
    account_close,
    account_mark_deceased,
    account_withdraw,
    dormant_reclaim,
    dormant_sweep,
    dormant_warn,
    personal_data_erase,
)
from accounts.services.legal import legal_document_publish, legal_documents_accept
from accounts.services.lifecycle import (
    account_disqualify,
    account_reinstate,
    account_suspend,
    account_transition,
    member_code_issue,
    notify_user,
)
from accounts.services.marketing import marketing_consent_set, marketing_unsubscribe
from accounts.services.profile import (
    address_delete,
    address_save,
    phone_verification_start,
    phone_verify,
    profile_update,
)
from accounts.services.registration import (
    application_approve,
    application_auto_review,
    application_guardian_consent_confirm,
    application_guardian_consent_request,
    application_reject,
    application_submit,
    guardian_consent_applicant,
)
from accounts.services.security import (
    login_failure_record,
    login_recorded,
    login_unlock,
    password_reminders_send,
    password_reset_email_send,
)
from accounts.services.tokens import (
    access_token_create,
    access_token_revoke,
    access_tokens_revoke_all,
)

__all__ = [
    "AccountClosureBlocked",
    "access_token_create",
    "access_token_revoke",
    "access_tokens_revoke_all",
    "account_close",
    "account_disqualify",
    "account_mark_deceased",
    "account_reinstate",
    "account_suspend",
    "account_transition",
    "account_withdraw",
    "address_delete",
    "address_save",
    "application_approve",
    "application_auto_review",
    "application_guardian_consent_confirm",
    "application_guardian_consent_request",
    "application_reject",
    "application_submit",
    "dormant_reclaim",
    "dormant_sweep",
    "dormant_warn",
    "guardian_consent_applicant",
    "legal_document_publish",
    "legal_documents_accept",
    "login_failure_record",
    "login_recorded",
    "login_unlock",
    "marketing_consent_set",
    "marketing_unsubscribe",
    "member_code_issue",
    "notify_user",
    "password_reminders_send",
    "password_reset_email_send",
    "personal_data_erase",
    "phone_verification_start",
    "phone_verify",
    "profile_update",
]
