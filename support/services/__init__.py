"""Every write of the support desk."""

from support.services.compromise import (
    account_compromise_report,
    account_compromise_report_by_email,
    account_restore,
)
from support.services.conversations import (
    attachment_type,
    conversation_agent_reply,
    conversation_assign,
    conversation_customer_reply,
    conversation_from_reply_address,
    conversation_note_add,
    conversation_open,
    conversation_resolve,
    conversations_deadline_sweep,
    reply_address,
)
from support.services.inbound import Outcome, inbound_email_receive, mailgun_signature_is_valid
from support.services.notices import (
    abuse_flag_add,
    notice_email_send,
    notice_publish,
    notice_withdraw,
)

__all__ = [
    "Outcome",
    "abuse_flag_add",
    "account_compromise_report",
    "account_compromise_report_by_email",
    "account_restore",
    "attachment_type",
    "conversation_agent_reply",
    "conversation_assign",
    "conversation_customer_reply",
    "conversation_from_reply_address",
    "conversation_note_add",
    "conversation_open",
    "conversation_resolve",
    "conversations_deadline_sweep",
    "inbound_email_receive",
    "mailgun_signature_is_valid",
    "notice_email_send",
    "notice_publish",
    "notice_withdraw",
    "reply_address",
]
