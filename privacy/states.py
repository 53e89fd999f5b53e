"""Privacy request states, kinds and the grounds the privacy policy lists (P5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Copy of my personal data")
    CORRECTION = "correction", _("Correction of my personal data")
    DELETION = "deletion", _("Deletion of my personal data")
    CANCELLATION = "cancellation", _("Cancellation of my account")
    CONSENT_WITHDRAWAL = "consent_withdrawal", _("Withdrawal of my consents")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Identity verified")
    PROCESSING = "processing", _("Being processed")
    # A deletion or cancellation waits while we hold the customer's goods or money or they owe
    # us (accounts/closure.py); the erasure runs as soon as nothing blocks it.
    SETTLING = "settling", _("Awaiting settlement")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the customer")


OPEN_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.VERIFIED,
    RequestStatus.PROCESSING,
    RequestStatus.SETTLING,
)

ALLOWED: dict[str, set[str]] = {
    RequestStatus.RECEIVED: {
        RequestStatus.VERIFIED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
        # consent withdrawal needs no verification: the logged-in customer applies it at once
        RequestStatus.COMPLETED,
    },
    RequestStatus.VERIFIED: {
        RequestStatus.PROCESSING,
        RequestStatus.SETTLING,
        RequestStatus.COMPLETED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    },
    RequestStatus.PROCESSING: {RequestStatus.COMPLETED, RequestStatus.VERIFIED},
    RequestStatus.SETTLING: {
        RequestStatus.COMPLETED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    },
    RequestStatus.COMPLETED: set(),
    RequestStatus.REFUSED: set(),
    RequestStatus.WITHDRAWN: set(),
}


class DeletionGround(models.TextChoices):
    """Privacy policy 5(3): the five grounds on which a customer may ask for deletion."""

    UNLAWFUL = "unlawful", _("Your handling of my personal data violates laws and regulations")
    NO_CONSENT = "no_consent", _("You collect or use my personal data without my consent")
    BREACH_OF_AGREEMENT = "breach", _("Your handling of my personal data violates our agreement")
    NO_LONGER_USING = "no_longer_using", _("I no longer use the service or I cancel my account")
    SERVICE_ENDED = "service_ended", _("You no longer provide me with products or services")


class RefusalGround(models.TextChoices):
    """Privacy policy 5(6): the only grounds on which a request may be refused."""

    NATIONAL_SECURITY = "national_security", _("Directly related to national security or defence")
    PUBLIC_INTEREST = (
        "public_interest",
        _("Directly related to public security, public health or major public interests"),
    )
    CRIMINAL_PROCEEDINGS = (
        "criminal_proceedings",
        _("Directly related to criminal investigation, prosecution, trial or judgment execution"),
    )
    ABUSE = "abuse", _("Sufficient evidence of subjective malice or abuse of rights")
    HARM_TO_OTHERS = (
        "harm_to_others",
        _("Answering would seriously harm the legitimate rights of you or other people"),
    )
    TRADE_SECRETS = "trade_secrets", _("The request involves commercial secrets")
    UNWARRANTED = (
        "unwarranted",
        _("Unwarranted, excessively technical or highly impractical request"),
    )


class VerificationMethod(models.TextChoices):
    LOGGED_IN_AND_EMAIL = "session_email", _("Logged-in session and code sent to the account email")
    ID_DOCUMENT = "id_document", _("Identity document checked")
    PHONE_CALL = "phone_call", _("Call back to the verified phone number")
    OTHER = "other", _("Other (described in the note)")


class RequestAction(models.TextChoices):
    """Steps logged on a request besides status changes."""

    TRANSITION = "transition", _("Status change")
    ASSIGNED = "assigned", _("Assigned")
    FEE_CHARGED = "fee_charged", _("Fee charged")
    EXPORT_READY = "export_ready", _("Export ready")
    EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")
    REMINDER_SENT = "reminder_sent", _("Deadline reminder sent")
    OVERDUE_ALARM = "overdue_alarm", _("Overdue alarm sent")


# The requests that erase the customer's personal data, and so wait for settlement.
ERASING_KINDS = (RequestKind.DELETION, RequestKind.CANCELLATION)
