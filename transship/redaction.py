"""Redaction of a person's identifiers inside free text that must be kept.

Some records outlive an erased account because the law requires them (customs declarations,
invoices, the ledger), and their free text was typed by a customer or a member of staff: it may
name the person ("gift for Taro Yamada, 090-1234-5678"). Such text is kept, with every identifier
of the person replaced by the pseudonym the erasure recorded. The matching is deliberately
generous (case-insensitive, phone numbers with any separators): a false positive blanks a few
words of a kept record, a false negative keeps personal data."""

import re
from collections.abc import Iterable

import phonenumbers
from django.db import models

# Shorter Latin fragments (initials, "Li", "Wu") would blank ordinary words in item names; a
# two-character name in kanji or hanzi ("山田") is a real surname.
MIN_FRAGMENT = 3
MIN_CJK_FRAGMENT = 2
MIN_PHONE_DIGITS = 6


def _phone_pattern(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    # "+81 90-1234-5678", "090 1234 5678" and "9012345678" are one number: match the
    # international digits, the national number and its trunk-prefixed form, with any separators.
    forms = {digits}
    try:
        number = phonenumbers.parse(value if value.startswith("+") else "+" + digits)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and number.national_number:
        national = str(number.national_number)
        if len(national) >= MIN_PHONE_DIGITS:
            forms |= {national, "0" + national}
    return "|".join(r"[\s\-().]*".join(form) for form in sorted(forms, key=len, reverse=True))


def identifier_pattern(
    *, names: Iterable[str] = (), texts: Iterable[str] = (), phones: Iterable[str] = ()
) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of the person's identifiers.

    `names` are matched whole and word by word (a note may say "Yamada" alone); `texts` (emails,
    address lines, postcodes) only whole; `phones` on their digits, whatever the separators."""
    alternatives: set[str] = set()
    for name in names:
        words = [word for word in re.split(r"[\s,]+", (name or "").strip()) if word]
        for word in words:
            if len(word) >= (MIN_FRAGMENT if word.isascii() else MIN_CJK_FRAGMENT):
                alternatives.add(re.escape(word))
        if len(words) > 1:  # "山田 太郎" is also written "山田太郎", "Zhang Weiming" "ZhangWeiming"
            alternatives.add(r"[\s,]*".join(re.escape(word) for word in words))
    for text in texts:
        text = (text or "").strip()
        if len(text) >= MIN_FRAGMENT:
            alternatives.add(re.escape(text))
    for phone in phones:
        pattern = _phone_pattern(phone or "")
        if pattern:
            alternatives.add(pattern)
    if not alternatives:
        return None
    # Longest first, so a whole name is replaced before its parts. Latin identifiers match only
    # as whole words ("Ito" must not blank "Kitori"); CJK text has no spaces, so a name written
    # in kanji matches wherever it stands.
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile(
        "|".join(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])" for alt in ordered), re.IGNORECASE
    )


def redact(text: str, pattern: re.Pattern[str] | None, replacement: str) -> str:
    if not text or pattern is None:
        return text
    return pattern.sub(replacement, text)


def redact_rows(
    queryset: models.QuerySet,
    fields: tuple[str, ...],
    pattern: re.Pattern[str] | None,
    replacement: str,
) -> int:
    """Rewrite `fields` of every row in `queryset` with the identifiers replaced; returns how many
    rows changed. Reads through the model, so encrypted columns are matched on their plain text."""
    if pattern is None:
        return 0
    changed = []
    for row in queryset.only("pk", *fields):
        dirty = False
        for name in fields:
            value = getattr(row, name)
            if isinstance(value, str):
                new = redact(value, pattern, replacement)
                if new != value:
                    setattr(row, name, new)
                    dirty = True
        if dirty:
            changed.append(row)
    if changed:
        queryset.model._default_manager.bulk_update(changed, fields, batch_size=500)
    return len(changed)
