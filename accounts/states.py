"""Account states (agreement articles 3, 7, 8) and the transitions allowed between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountStatus(models.TextChoices):
    APPLIED = "applied", _("Application under review")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISQUALIFIED = "disqualified", _("Disqualified")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECEASED = "deceased", _("Deceased")
    REJECTED = "rejected", _("Application rejected")


ALLOWED: dict[str, set[str]] = {
    AccountStatus.APPLIED: {
        AccountStatus.ACTIVE,
        AccountStatus.REJECTED,
        AccountStatus.WITHDRAWN,
    },
    AccountStatus.REJECTED: {AccountStatus.WITHDRAWN},
    AccountStatus.ACTIVE: {
        AccountStatus.SUSPENDED,
        AccountStatus.DISQUALIFIED,
        AccountStatus.WITHDRAWN,
        AccountStatus.DECEASED,
    },
    AccountStatus.SUSPENDED: {
        AccountStatus.ACTIVE,
        AccountStatus.DISQUALIFIED,
        AccountStatus.WITHDRAWN,
        AccountStatus.DECEASED,
    },
    # Disqualification is permanent (A8); the row only ends when the person does.
    AccountStatus.DISQUALIFIED: {AccountStatus.WITHDRAWN, AccountStatus.DECEASED},
    AccountStatus.WITHDRAWN: set(),
    AccountStatus.DECEASED: set(),
}

# States in which the person may still log in: to follow the application, or to settle what a
# suspension asks (e.g. pay an overdue invoice, A8(3)).
CAN_LOG_IN = {
    AccountStatus.APPLIED,
    AccountStatus.REJECTED,
    AccountStatus.ACTIVE,
    AccountStatus.SUSPENDED,
}


class RejectionReason(models.TextChoices):
    """Grounds for refusing an application, agreement article 3.3."""

    MINOR_WITHOUT_CONSENT = "minor", _("Minor without a guardian's consent (3.3(1))")
    PREVIOUSLY_DISQUALIFIED = "disqualified", _("Previously disqualified (3.3(2))")
    FALSE_INFORMATION = "false_info", _("False or missing information (3.3(3))")
    UNPAID_DEBTS = "debts", _("Unpaid debts to us (3.3(4))")
    OBSTRUCTION = "obstruction", _("Obstruction of our business (3.3(5))")
    OTHER = "other", _("Other reason we judge inappropriate (3.3(6))")


class GuardianRelationship(models.TextChoices):
    """Who gives a minor's consent (agreement 3.3(1)), as the guardian states it."""

    PARENT = "parent", _("Parent")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
    OTHER = "other", _("Other person with parental responsibility")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNSPECIFIED = "", _("Prefer not to say")
