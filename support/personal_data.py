"""Personal data the support desk holds about a user, for the privacy app's export and erasure.

Conversations, messages and attachments are the customer's own words and files: exported in
full (less the internal notes, which are staff's assessments, and who on the staff wrote), and
deleted on erasure, files included. Compromise reports and prohibited-act flags are exported; on
erasure a flag's description is emptied (the ground stays, as the record of why an account was
stopped)."""

from typing import Any

from support.models import AbuseFlag, Attachment, CompromiseReport, Conversation, Message
from support.states import MessageKind
from transship import records


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    conversations = Conversation.objects.filter(user_id=user_id)
    messages = Message.objects.filter(conversation__user_id=user_id).exclude(kind=MessageKind.NOTE)
    return {
        "support_conversations": records.rows(
            conversations, exclude=("assigned_to", "overdue_alarm_sent_at")
        ),
        "support_messages": records.rows(messages, exclude=("author",)),
        "support_attachments": records.rows(
            Attachment.objects.filter(message__in=messages), exclude=("file",)
        ),
        "compromised_password_reports": records.rows(
            CompromiseReport.objects.filter(user_id=user_id), exclude=("restored_by",)
        ),
        "prohibited_act_flags": records.rows(
            AbuseFlag.objects.filter(user_id=user_id), exclude=("flagged_by",)
        ),
    }


def erase(*, user_id: int, pseudonym: str) -> None:
    for attachment in Attachment.objects.filter(message__conversation__user_id=user_id):
        attachment.file.delete(save=False)
    Conversation.objects.filter(user_id=user_id).delete()
    AbuseFlag.objects.filter(user_id=user_id).update(note="")
