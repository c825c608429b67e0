"""Check 13: a Celery worker killed in the middle of an import loses and duplicates nothing.

A real `celery worker -P prefork -c 2` on Redis (database 6) and PostgreSQL imports a large
housing-system ledger file. While the first batches are committed and the run is still going:

- (i) every pool process is SIGKILLed: the task is rejected back to the queue
  (`task_reject_on_worker_lost`), runs again in a fresh pool process, waits for the dead
  session's advisory lock to go, and finishes the file;
- (ii) the main worker process itself is SIGKILLed and a new worker started: the unacknowledged
  message (`acks_late`) comes back after the visibility timeout and the new worker finishes it.

Either way the ledger ends exactly as one clean import would leave it: the same number of
entries, the same sum and the same set of housing-system ids, one completed ImportRun, and the
file moved to done/.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db.models import Sum

from config.celery import app as celery_app
from portal import tasks
from portal.models import ImportRun, LedgerEntry
from tests.factories import TenancyFactory
from tests.portal.test_import_tasks import _database_url, _stop, _tail, _wait_for, settled
from tests.portal.test_imports import ledger_row, write_ledger

BASE_DIR = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI") == "true"
ROWS = 150_000  # about 3 s of import on an idle 2-core machine: long enough to interrupt
VISIBILITY_TIMEOUT = 8


def _broker_url() -> str:
    """Redis database 6 (this suite's), flushed. Skips without Redis locally; fails in CI."""
    import redis

    url = os.environ.get("RESILIENCE_BROKER_URL", "redis://127.0.0.1:6379/6")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but Redis is not reachable: {exc}")
        pytest.skip(f"needs Redis ({exc})")
    finally:
        client.close()
    return url


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _start_worker(*, env: dict, log: Path) -> subprocess.Popen:
    celery = Path(sys.executable).parent / "celery"
    with log.open("ab") as log_file:
        return subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
            [
                str(celery),
                "-A",
                "config",
                "worker",
                "-P",
                "prefork",
                "-c",
                "2",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                f"resilience-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.fixture
def big_file(tmp_path, settings):
    drop = tmp_path / "drop"
    drop.mkdir()
    settings.HMS_DROP_DIR = str(drop)
    TenancyFactory(reference="T000101")
    rows = [
        ledger_row(
            account_ref=f"R{n % 200:06d}",
            amount="95.50" if n % 3 else "-40.25",
            entry_type="charge" if n % 3 else "payment",
        )
        for n in range(ROWS)
    ]
    path = write_ledger(drop / "ledger-big.csv", rows)
    settled(path)
    expected = {
        "count": ROWS,
        "pence": sum(9550 if n % 3 else -4025 for n in range(ROWS)),
        "ids": hashlib.md5(  # noqa: S324 - a fingerprint, not security
            "\n".join(sorted(row["entry_id"] for row in rows)).encode()
        ).hexdigest(),
    }
    return drop, path, expected


def _ledger_now() -> dict:
    ids = sorted(LedgerEntry.objects.values_list("external_id", flat=True))
    return {
        "count": len(ids),
        "pence": LedgerEntry.objects.aggregate(total=Sum("amount_pence"))["total"],
        "ids": hashlib.md5("\n".join(ids).encode()).hexdigest(),  # noqa: S324
    }


def _env(*, broker_url: str, drop: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "DATABASE_URL": _database_url(),
        "HMS_DROP_DIR": str(drop),
    }


def _queue(broker_url: str, name: str, monkeypatch) -> None:
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    with celery_app.connection_for_write(broker_url) as broker:
        tasks.import_hms_file.apply_async(args=[name], connection=broker)


class _Beat:
    """Queues the drop-folder poll every few seconds, as celery beat does every few minutes."""

    def __init__(self, broker_url: str, monkeypatch, *, every: float):
        self.broker_url, self.every, self.last = broker_url, every, time.monotonic()
        monkeypatch.setattr(celery_app.conf, "task_always_eager", False)

    def tick(self) -> bool:
        if time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            with celery_app.connection_for_write(self.broker_url) as broker:
                tasks.import_dropped_files.apply_async(connection=broker)
        return False


def _part_way(worker, log, *, into: float = 1.0) -> int:
    """Wait until the import has been running for `into` seconds (and is still running);
    returns the entries visible then. On PostgreSQL a ledger file loads in one transaction,
    so nothing is visible until it commits: a kill must leave nothing behind, then redo all."""
    deadline = time.monotonic() + 120
    started = None
    while time.monotonic() < deadline:
        running = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).exists()
        if ImportRun.objects.exclude(status=ImportRun.Status.RUNNING).exists():
            pytest.fail(f"the import finished before it could be interrupted:\n{_tail(log)}")
        if running and started is None:
            started = time.monotonic()
        if started is not None and time.monotonic() - started >= into:
            return LedgerEntry.objects.count()
        if worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}):\n{_tail(log)}")
        time.sleep(0.02)
    pytest.fail(f"the import never started:\n{_tail(log)}")


def _finished(drop: Path):
    return ImportRun.objects.filter(status=ImportRun.Status.COMPLETED).exists() and not any(
        drop.glob("*.csv")
    )


def _assert_clean(drop: Path, expected: dict) -> None:
    assert _ledger_now() == expected
    runs = ImportRun.objects.filter(kind=ImportRun.Kind.LEDGER)
    assert runs.count() == 1
    assert runs.get().status == ImportRun.Status.COMPLETED
    assert runs.get().rows_loaded + runs.get().rows_unchanged == ROWS
    assert (drop / "done" / "ledger-big.csv").exists()


@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_killing_the_pool_processes_mid_import_loses_and_duplicates_nothing(
    tmp_path, big_file, monkeypatch
):
    drop, path, expected = big_file
    broker_url = _broker_url()
    log = tmp_path / "worker.log"
    worker = _start_worker(env=_env(broker_url=broker_url, drop=drop), log=log)
    try:
        _queue(broker_url, path.name, monkeypatch)
        loaded = _part_way(worker, log)
        pool = _children(worker.pid)
        assert pool, "no pool processes found"
        for pid in pool:
            os.kill(pid, signal.SIGKILL)
        assert loaded < ROWS  # part-way: not all of it was in
        # The task comes straight back (rejected on worker lost) and usually finds the file
        # still locked by the dead process's database session, which PostgreSQL ends only
        # when its statement does: then it leaves the file in the drop folder, and the beat's
        # next poll (every HMS_DROP_POLL_SECONDS) queues it again. Poll as the beat would.
        polls = _Beat(broker_url, monkeypatch, every=3)
        _wait_for(
            lambda: polls.tick() or _finished(drop),
            timeout=240,
            worker=worker,
            log=log,
            what="the import",
        )
    finally:
        _stop(worker)
    assert "WorkerLostError" in log.read_text(errors="replace")  # it really was killed
    _assert_clean(drop, expected)


@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_killing_the_whole_worker_mid_import_and_starting_another_finishes_the_file_once(
    tmp_path, big_file, monkeypatch
):
    drop, path, expected = big_file
    broker_url = _broker_url()
    log = tmp_path / "worker.log"
    env = _env(broker_url=broker_url, drop=drop)
    worker = _start_worker(env=env, log=log)
    replacement = None
    try:
        _queue(broker_url, path.name, monkeypatch)
        _part_way(worker, log)
        os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool, no goodbye
        worker.wait(timeout=10)
        assert not _finished(drop)
        replacement = _start_worker(env=env, log=log)
        _wait_for(
            lambda: _finished(drop),
            timeout=240 + VISIBILITY_TIMEOUT,
            worker=replacement,
            log=log,
            what="the redelivered import",
        )
    finally:
        _stop(worker)
        if replacement is not None:
            _stop(replacement)
    _assert_clean(drop, expected)
