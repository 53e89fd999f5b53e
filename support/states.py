"""Conversation states, topics and the kinds of messages and notices of the support desk."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationStatus(models.TextChoices):
    NEW = "new", _("New")
    WAITING_ON_US = "waiting_on_us", _("Waiting on us")
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")


OPEN_STATUSES = (
    ConversationStatus.NEW,
    ConversationStatus.WAITING_ON_US,
    ConversationStatus.WAITING_ON_CUSTOMER,
)

ALLOWED: dict[str, set[str]] = {
    ConversationStatus.NEW: {
        ConversationStatus.WAITING_ON_CUSTOMER,
        ConversationStatus.WAITING_ON_US,
        ConversationStatus.RESOLVED,
    },
    ConversationStatus.WAITING_ON_US: {
        ConversationStatus.WAITING_ON_CUSTOMER,
        ConversationStatus.RESOLVED,
    },
    ConversationStatus.WAITING_ON_CUSTOMER: {
        ConversationStatus.WAITING_ON_US,
        ConversationStatus.RESOLVED,
    },
    # A customer's new message reopens a resolved conversation.
    ConversationStatus.RESOLVED: {ConversationStatus.WAITING_ON_US},
}


class Topic(models.TextChoices):
    GENERAL = "general", _("General question")
    PARCEL = "parcel", _("Parcel")
    SHIPMENT = "shipment", _("Shipment")
    INVOICE = "invoice", _("Invoice")
    PRIVACY_REQUEST = "privacy_request", _("Privacy request")
    COMPROMISED = "compromised", _("Password may be known to someone else")


class MessageKind(models.TextChoices):
    CUSTOMER = "customer", _("From the customer")
    AGENT = "agent", _("Reply from support")
    NOTE = "note", _("Internal note")
    SYSTEM = "system", _("System")


class MessageChannel(models.TextChoices):
    SITE = "site", _("Website")
    EMAIL = "email", _("Email")
    API = "api", _("API")
    ADMIN = "admin", _("Admin")


class NoticeKind(models.TextChoices):
    MAINTENANCE = "maintenance", _("Maintenance window")
    CARRIER_SUSPENSION = "carrier_suspension", _("Carrier suspension")
    PRICE_CHANGE = "price_change", _("Price-list change")
    HOLIDAY = "holiday", _("Holiday closure")
    OTHER = "other", _("Other")


# Notices of these kinds are also emailed, once, to the customers they affect (A16).
EMAILED_NOTICE_KINDS = (NoticeKind.CARRIER_SUSPENSION, NoticeKind.PRICE_CHANGE)


class NoticeAudience(models.TextChoices):
    ALL = "all", _("Everyone")
    COUNTRIES = "countries", _("Customers shipping to the given countries")
    SERVICES = "services", _("Customers using the given carrier services")
    STAFF = "staff", _("Staff only")


class ProhibitedAct(models.TextChoices):
    """Agreement 18.1: the prohibited acts a flag names."""

    IMPROPER_USE = "improper_use", _("Improper use of the service")
    INFRINGEMENT = "infringement", _("Infringing the rights of others")
    FRAUD = "fraud", _("Fraud or false declarations")
    THIRD_PARTY = "third_party", _("Use on behalf of a third party")
    INTERFERENCE = "interference", _("Interfering with our systems or service")
    OTHERS_ACCOUNT = "others_account", _("Using someone else's card or account")
    PROHIBITED_GOODS = "prohibited_goods", _("Sending prohibited goods")
    LAW = "law", _("Breaking laws or public order")
    OTHER = "other", _("Other act we deem inappropriate")
