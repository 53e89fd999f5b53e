"""Privacy services: every write of the privacy app. Split by concern; import from here."""

from privacy.services.access import disclosure_record, personal_data_access_record
from privacy.services.erasure import (
    deletion_notice_send,
    personal_data_export,
    retention_sweep,
    user_erase,
)
from privacy.services.export import (
    privacy_exports_purge,
    privacy_request_export_build,
    privacy_request_export_download,
)
from privacy.services.incidents import incident_notify_users, incident_record
from privacy.services.lifecycle import (
    privacy_request_assign,
    privacy_request_complete,
    privacy_request_create,
    privacy_request_fee_charge,
    privacy_request_refuse,
    privacy_request_transition,
    privacy_request_verify,
    privacy_request_withdraw,
)
from privacy.services.processing import (
    privacy_request_process,
    privacy_request_settlement_check,
)
from privacy.services.sweeps import (
    privacy_requests_deadline_sweep,
    privacy_requests_settlement_sweep,
)

__all__ = [
    "deletion_notice_send",
    "disclosure_record",
    "incident_notify_users",
    "incident_record",
    "personal_data_access_record",
    "personal_data_export",
    "privacy_exports_purge",
    "privacy_request_assign",
    "privacy_request_complete",
    "privacy_request_create",
    "privacy_request_export_build",
    "privacy_request_export_download",
    "privacy_request_fee_charge",
    "privacy_request_process",
    "privacy_request_refuse",
    "privacy_request_settlement_check",
    "privacy_request_transition",
    "privacy_request_verify",
    "privacy_request_withdraw",
    "privacy_requests_deadline_sweep",
    "privacy_requests_settlement_sweep",
    "retention_sweep",
    "user_erase",
]
