"""Tracking and claims writes. Every function is keyword-only and atomic."""

from tracking.services.claims import (
    claim_accept,
    claim_file_with_carrier,
    claim_info_request,
    claim_information_add,
    claim_open,
    claim_refuse,
    claim_withdraw,
    claims_remind,
    payout_key,
    shipment_claimable,
)
from tracking.services.polling import PollReport, tracking_events_record, tracking_poll
from tracking.services.preferences import tracking_preference_set
from tracking.services.stalls import stalls_detect

__all__ = [
    "PollReport",
    "claim_accept",
    "claim_file_with_carrier",
    "claim_info_request",
    "claim_information_add",
    "claim_open",
    "claim_refuse",
    "claim_withdraw",
    "claims_remind",
    "payout_key",
    "shipment_claimable",
    "stalls_detect",
    "tracking_events_record",
    "tracking_poll",
    "tracking_preference_set",
]
