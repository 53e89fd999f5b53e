"""Member codes: short, hard to guess, easy to read aloud, with a check character.

A code is six random characters and a check character from a 31-letter alphabet without the
look-alikes 0/O, 1/I/L. The check character makes the weighted sum of the seven values divisible
by 31; 31 is prime and the weights 1..7 are distinct, so any single wrong character and any swap of
two neighbours is detected. 31^6 ≈ 887 million codes: guessing a valid, issued one is hopeless.
Printed as `ABC-DEFG` for the eye; stored without the hyphen."""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, prime
BODY_LENGTH = 6
LENGTH = BODY_LENGTH + 1
_VALUE = {char: index for index, char in enumerate(ALPHABET)}


def _weighted_sum(chars: str) -> int:
    return sum((position + 1) * _VALUE[char] for position, char in enumerate(chars))


def check_char(body: str) -> str:
    """The character that completes `body` (six characters) into a valid code."""
    total = _weighted_sum(body)
    # Solve total + LENGTH * c ≡ 0 (mod BASE) for c, with LENGTH's inverse modulo the prime BASE.
    value = (-total * pow(LENGTH, -1, BASE)) % BASE
    return ALPHABET[value]


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_char(body)


def normalise(code: str) -> str:
    """Upper-case, without spaces or hyphens, as people type or scan it."""
    return "".join(char for char in (code or "").upper() if char.isalnum())


def is_well_formed(code: str) -> bool:
    """True when `code` (already normalised) has the right length, alphabet and check."""
    if len(code) != LENGTH or any(char not in _VALUE for char in code):
        return False
    return _weighted_sum(code) % BASE == 0


def display(code: str) -> str:
    return f"{code[:3]}-{code[3:]}" if code else ""
