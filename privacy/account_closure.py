"""What privacy does when an account closes (see accounts/closure.py): a closure that erases at
once hands the personal data to the erasure, which keeps what the law requires under a
pseudonym (P5(4), P4(1)). Other closures are erased later by the retention sweep."""

from typing import Any

from privacy.services.erasure import user_erase


def personal_data_erase(*, user_id: int, actor: Any, reason: str) -> None:
    user_erase(user_id=user_id, actor=actor, reason=reason)
