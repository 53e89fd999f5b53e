"""Labels and row links resolved once answer exactly what Django's per-call versions answer."""

import pytest
from django.urls import reverse
from django.utils import translation

from billing.models import LedgerEntry
from parcels.models import Parcel
from parcels.states import HoldReason, ParcelStatus
from transship.labels import choice_label, choice_labels, row_link


@pytest.mark.parametrize("language", ["en", "ja", "zh-hans"])
def test_a_choice_label_is_get_display_in_every_language(language):
    with translation.override(language):
        for status in ParcelStatus.values:
            for reason in ["", *HoldReason.values]:
                parcel = Parcel(status=status, hold_reason=reason)

                assert choice_label(parcel, "status") == parcel.get_status_display()
                assert choice_label(parcel, "hold_reason") == parcel.get_hold_reason_display()
        for kind in LedgerEntry.Kind.values:
            entry = LedgerEntry(kind=kind)
            assert choice_labels(LedgerEntry, "kind")[kind] == entry.get_kind_display()


def test_labels_follow_the_active_language():
    with translation.override("en"):
        english = choice_labels(Parcel, "status")[ParcelStatus.ON_HOLD]
    with translation.override("ja"):
        japanese = choice_labels(Parcel, "status")[ParcelStatus.ON_HOLD]

    assert english == "On hold"
    assert japanese != english


def test_an_unknown_value_shows_as_itself():
    assert choice_label(Parcel(status="mystery"), "status") == "mystery"


@pytest.mark.parametrize("pk", [1, 42, 1234567])
def test_a_row_link_is_the_reversed_url(pk):
    assert row_link("parcels:detail")(pk) == reverse("parcels:detail", args=[pk])
    assert row_link("billing:invoice")(pk) == reverse("billing:invoice", args=[pk])
