"""Digests of emails and phone numbers: a disqualified member's identity is recognised when it
comes back (agreement 3.3(2)) without keeping the value itself."""

import hashlib


def identity_digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest() if value else ""
