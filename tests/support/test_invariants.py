"""Any sequence of customer messages, agent replies, notes and resolutions keeps a conversation
consistent: its history is one unbroken chain of allowed moves ending at its status, the first
answer is recorded exactly when support has answered, and the customer never sees a note."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import selectors, services
from support.models import Conversation
from support.states import ALLOWED, ConversationStatus
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

STEPS = st.lists(
    st.sampled_from(["customer", "agent", "agent_resolve", "note", "resolve"]),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_any_sequence_of_steps_keeps_the_conversation_consistent(steps, db):
    customer, agent = UserFactory(), StaffFactory(groups=["Support agent"])
    conversation = services.conversation_open(user=customer, subject="Q", body="Question")

    for step in steps:
        if step == "customer":
            services.conversation_customer_reply(
                user=customer, conversation_id=conversation.pk, body="More"
            )
        elif step in ("agent", "agent_resolve"):
            services.conversation_agent_reply(
                agent=agent,
                conversation_id=conversation.pk,
                body="Answer",
                resolve=step == "agent_resolve",
            )
        elif step == "note":
            services.conversation_note_add(
                agent=agent, conversation_id=conversation.pk, body="secret note"
            )
        else:
            services.conversation_resolve(conversation_id=conversation.pk, actor=agent)

    conversation = Conversation.objects.get(pk=conversation.pk)
    moves = [
        (e.from_status, e.to_status)
        for e in conversation.events.order_by("created_at", "pk")
        if e.from_status != e.to_status
    ]
    assert moves[0] == ("", ConversationStatus.NEW)
    for (_, previous), (start, end) in itertools.pairwise(moves):
        assert start == previous
        assert end in ALLOWED[start]
    assert moves[-1][1] == conversation.status
    answered = any(s in ("agent", "agent_resolve") for s in steps)
    assert (conversation.first_responded_at is not None) == answered
    seen = selectors.customer_messages(conversation=conversation)
    assert all(m.body != "secret note" for m in seen)
    assert len(seen) == 1 + sum(s != "note" and s != "resolve" for s in steps)
