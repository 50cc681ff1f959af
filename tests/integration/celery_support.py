"""A real Celery worker in this process, on a queue of its own.

The test processes of one run share the Redis database, so a worker on the default queue
would take tasks another test process sent (and look for their rows in the wrong
database). Every task this process sends goes to a queue named for this worker alone.
"""

from __future__ import annotations

import contextlib
import uuid

from celery.contrib.testing.worker import start_worker

from config.celery import app


def route_every_task(routes: dict | None) -> None:
    """Set the task routes of this process's Celery app, dropping the router it cached."""
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # a cached_property: rebuilt on next use


@contextlib.contextmanager
def worker_on_own_queue(settings, prefix: str = "test"):
    """Run a solo worker in a thread that alone consumes the tasks this process sends."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    queue = f"{prefix}-{uuid.uuid4().hex[:12]}"
    route_every_task({"*": {"queue": queue}})
    try:
        with start_worker(
            app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            shutdown_timeout=10,
            queues=[queue],
        ):
            yield queue
    finally:
        route_every_task(None)
        app.conf.task_always_eager = True
