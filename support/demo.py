"""Support demo data: a conversation answered by the agent, a new one in the queue, canned
replies in three languages and a published holiday notice. Idempotent."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from parcels.models import Parcel
from support import services
from support.models import CannedReply, Conversation, ServiceNotice

CANNED = [
    (
        "Parcel received",
        "Your parcel has arrived at our warehouse and is stored. You can request its shipment "
        "from the Parcels page.",
        "お荷物は倉庫に到着し、保管中です。「荷物」ページから発送をご依頼いただけます。",
        "您的包裹已到达我们的仓库并在保管中。您可以在“包裹”页面申请发货。",
    ),
    (
        "Customs forms",
        "We fill in the customs form from your declaration. Please check that every item has a "
        "description, quantity and value.",
        "税関書類はご申告内容から作成します。各品目の内容・数量・価格をご確認ください。",
        "我们根据您的申报填写海关单据。请确认每件物品都有描述、数量和价值。",
    ),
]


def seed(*, users: dict[str, Any], password: str, logins: list) -> None:
    customer, support = users.get("customer"), users.get("support")
    for title, en, ja, zh in CANNED:
        CannedReply.objects.get_or_create(
            title=title, defaults={"body_en": en, "body_ja": ja, "body_zh_hans": zh}
        )
    if not ServiceNotice.objects.filter(kind="holiday").exists():
        now = timezone.now()
        ServiceNotice.objects.create(
            kind="holiday",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=7),
            published_at=now,
            title_en="Year-end closure",
            title_ja="年末年始休業",
            title_zh_hans="年末休业",
            text_en="The warehouse is closed from 29 December to 3 January; parcels arriving "
            "then are received on 4 January.",
            text_ja="倉庫は12月29日から1月3日まで休業します。期間中に届いたお荷物は1月4日に受け付けます。",
            text_zh_hans="仓库12月29日至1月3日休息，期间到达的包裹将于1月4日入库。",
        )
    if customer is None or support is None:
        return
    if Conversation.objects.filter(user=customer).exists():
        return
    parcel = Parcel.objects.filter(owner=customer).order_by("pk").first()
    about = {"topic": "parcel", "object_id": parcel.pk} if parcel else {}
    answered = services.conversation_open(
        user=customer,
        subject="Can you repack my parcel?",
        body="The box is large; could you repack it in a smaller one before shipping?",
        **about,
    )
    services.conversation_agent_reply(
        agent=support,
        conversation_id=answered.pk,
        body="Yes: choose the repacking extra on the parcel's page and we will do it.",
    )
    services.conversation_open(
        user=customer,
        subject="Do you ship batteries?",
        body="I bought a camera with a lithium battery. Can you send it to the US?",
    )
