"""Prometheus metrics (docs/operations.md "Metrics"): `/metrics`, never public.

django-prometheus counts requests, responses, latencies and database/cache calls. This module adds
what the web process can read of the workers:

- `transship_celery_queue_length{queue}`: messages waiting in each queue, read from the broker at
  scrape time;
- `transship_celery_tasks_total{task, outcome}`: tasks finished per outcome (success, failure,
  retry), counted by the workers in the cache (Redis in production, shared by every worker and web
  replica), so any web replica's `/metrics` reports them all.

The endpoint answers only a request carrying `Authorization: Bearer <METRICS_TOKEN>`; without a
configured token it does not exist (404), and the reverse proxy does not route it either."""

import hmac
import logging
import os
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from transship.task_log import OUTCOMES, counter_key

log = logging.getLogger(__name__)


def _queue_lengths() -> dict[str, int]:
    from transship.celery import app

    lengths: dict[str, int] = {}
    with app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
        channel = connection.default_channel
        for name in app.amqp.queues:
            try:
                lengths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except Exception:  # a queue no worker declared yet holds nothing
                lengths[name] = 0
    return lengths


class CeleryCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        from transship.celery import app

        depth = GaugeMetricFamily(
            "transship_celery_queue_length", "Messages waiting in the queue", labels=["queue"]
        )
        try:
            for name, length in _queue_lengths().items():
                depth.add_metric([name], length)
        except Exception:
            log.warning("broker unreachable for queue lengths", exc_info=True)
        yield depth

        tasks = sorted(name for name in app.tasks if not name.startswith("celery."))
        keys = {
            counter_key(task, outcome): (task, outcome) for task in tasks for outcome in OUTCOMES
        }
        try:
            counts = cache.get_many(list(keys))
        except Exception:
            counts = {}
        total = CounterMetricFamily(
            "transship_celery_tasks", "Tasks finished, by outcome", labels=["task", "outcome"]
        )
        for key, (task, outcome) in keys.items():
            total.add_metric([task, outcome], int(counts.get(key, 0)))
        yield total


def _registry() -> CollectorRegistry:
    """What a scrape reports: every gunicorn worker's metrics (prometheus_client's multiprocess
    mode, when PROMETHEUS_MULTIPROC_DIR is set) or this process's, plus the Celery figures."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessMetrics())
    registry.register(CeleryCollector())
    return registry


class _ProcessMetrics(Collector):
    """This process's default registry (django-prometheus's metrics)."""

    def collect(self) -> Iterator:
        yield from REGISTRY.collect()


def _authorized(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(token) and scheme == "Bearer" and hmac.compare_digest(given.encode(), token.encode())
    )


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format, for a scraper holding the token; 404 for anyone else."""
    if not _authorized(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
