"""Periodic tasks run once at a time (transship/locks.py): two invocations at once, one works."""

import threading

import pytest
from django.db import connection

from transship.locks import single_run


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_of_a_periodic_task_do_the_work_once():
    entered, release = threading.Event(), threading.Event()
    calls: list[str] = []

    @single_run(name="tests.sweep")
    def sweep(who: str) -> str:
        calls.append(who)
        entered.set()
        release.wait(10)
        return who

    results: list[str | None] = []

    def first() -> None:
        try:
            results.append(sweep("first"))
        finally:
            connection.close()  # the thread's own database connection

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(10)
    second = sweep("second")  # meanwhile, another process's beat or worker
    release.set()
    thread.join(10)

    assert (calls, results, second) == (["first"], ["first"], None)
    release.clear()
    release.set()
    assert sweep("third") == "third"  # the lock was released


def test_every_periodic_task_takes_the_run_lock():
    from django.apps import apps

    from transship.celery import app

    for config in apps.get_app_configs():
        for _name, task, _cron in getattr(config, "periodic_tasks", ()):
            assert app.tasks[task].run.__wrapped__, f"{task} is not @single_run"


def test_every_periodic_task_runs_on_a_named_batch_queue(settings):
    """A sweep left on the default queue would sit behind (or in front of) ordinary work; each
    periodic task is routed to `sweeps`, or to `mail` for the outbox's own sweep."""
    from django.apps import apps

    routed = {
        task: settings.CELERY_TASK_ROUTES.get(task, {}).get("queue")
        for config in apps.get_app_configs()
        for _name, task, _cron in getattr(config, "periodic_tasks", ())
    }

    assert routed
    assert {task: queue for task, queue in routed.items() if queue not in {"sweeps", "mail"}} == {}
