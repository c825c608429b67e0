"""Start the real Celery worker for bench/load.py, with Stripe's API address pointed at the
bench's stand-in on localhost (bench/load_stripe.py).

    LOAD_STRIPE_API_BASE=http://127.0.0.1:8799 python bench/load_worker.py --concurrency 2

payments/stripe_client.py builds `stripe.StripeClient` with Stripe's default address and has no
setting for another one. stripe-python takes that default from a module constant when a client
is built, so this process sets the constant before any client exists. Nothing else changes:
the tasks, services, stripe_client and stripe-python's HTTP requests all run as in production.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, where bench/queue.py would hide the
# standard library's queue module (Celery needs it).
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    base = os.environ["LOAD_STRIPE_API_BASE"]
    if not base.startswith("http://127.0.0.1:"):
        sys.exit("LOAD_STRIPE_API_BASE must be the bench's stand-in on 127.0.0.1")
    os.environ["STRIPE_API_BASE"] = base  # read by config.settings.base

    from config.celery import app

    app.worker_main(["worker", "--loglevel=WARNING", "--without-gossip", *sys.argv[1:]])


if __name__ == "__main__":
    main()
