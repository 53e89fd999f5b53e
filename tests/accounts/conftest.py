"""Accounts fixtures. Celery runs tasks in-process here, so an email written to the outbox is in
`mail.outbox` once the transaction commits (the real worker is exercised by its own tests)."""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _eager_celery(request) -> Iterator[None]:
    from transship.celery import app

    if "celery_worker_process" in request.fixturenames:  # the real worker does the work
        yield
        return

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def mail_now(monkeypatch) -> None:
    """Run on-commit callbacks at once, so an email is in `mail.outbox` as soon as it is written
    (a test's transaction never commits). Use only where a test reads a mail mid-journey."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, *args, **kwargs: func())


@pytest.fixture(autouse=True)
def _legal_documents(request) -> None:
    """Version 1 of the terms and the privacy policy, as migration 0006 publishes them.

    A transactional test (browser, worker) flushes every table when it ends, data migrations'
    rows included; this puts the documents back for the tests that follow."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    from accounts.models import LegalDocument

    for kind in LegalDocument.Kind.values:
        if not LegalDocument.objects.filter(kind=kind).exists():
            LegalDocument.objects.create(kind=kind, version=1, body_en=f"{kind} v1")
