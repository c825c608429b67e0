"""The drop-folder tasks (portal/tasks.py): eager here, plus one test against a real worker."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from celery.exceptions import Retry
from django.db import OperationalError, connection

from config.celery import app as celery_app
from portal import imports, tasks
from portal.models import ImportRun, LedgerEntry
from tests.factories import TenancyFactory
from tests.portal.test_imports import (
    EXAMPLES,
    ledger_row,
    ledger_totals,
    tenancy_row,
    write_ledger,
    write_tenancies,
)

BASE_DIR = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture
def drop_dir(tmp_path, settings):
    folder = tmp_path / "drop"
    folder.mkdir()
    settings.HMS_DROP_DIR = str(folder)
    return folder


def settled(*paths: Path) -> None:
    """Age dropped files past the settle time, as if the HMS finished writing them a while ago."""
    old = time.time() - imports.DROP_SETTLE_SECONDS - 1
    for path in paths:
        os.utime(path, (old, old))


@pytest.fixture
def queued(monkeypatch):
    """Capture what the beat task queues instead of running it."""
    calls = []
    monkeypatch.setattr(
        tasks.import_hms_file, "delay", lambda *args, **kwargs: calls.append((args, kwargs))
    )
    return calls


@pytest.mark.django_db
def test_the_beat_task_queues_file_names_only_tenancies_first(
    drop_dir, queued, django_capture_on_commit_callbacks
):
    settled(
        write_ledger(drop_dir / "ledger-2026-11-02.csv", [ledger_row()]),
        write_tenancies(drop_dir / "tenancies-2026-11-02.csv", [tenancy_row()]),
    )
    write_ledger(drop_dir / "still-being-written.csv", [ledger_row()])
    (drop_dir / "notes.txt").write_text("not for us")
    (drop_dir / "done").mkdir()

    with django_capture_on_commit_callbacks(execute=True):
        tasks.import_dropped_files.apply().get()

    # The ledger file waits until no tenancies file is waiting: its rows need the tenancies.
    assert queued == [(("tenancies-2026-11-02.csv",), {})]

    (drop_dir / "tenancies-2026-11-02.csv").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.import_dropped_files.apply().get()

    assert queued[1:] == [(("ledger-2026-11-02.csv",), {})]
    assert all(isinstance(arg, str) for args, _ in queued for arg in args)


@pytest.mark.django_db
def test_files_dropped_together_are_imported_in_order_and_moved_to_done(
    drop_dir, django_capture_on_commit_callbacks
):
    (drop_dir / "ledger.csv").write_bytes((EXAMPLES / "ledger.csv").read_bytes())
    (drop_dir / "tenancies.csv").write_bytes((EXAMPLES / "tenancies.csv").read_bytes())
    settled(drop_dir / "ledger.csv", drop_dir / "tenancies.csv")

    for _ in range(2):  # two beat polls
        with django_capture_on_commit_callbacks(execute=True):
            tasks.import_dropped_files.apply().get()

    assert sorted(p.name for p in (drop_dir / "done").iterdir()) == ["ledger.csv", "tenancies.csv"]
    assert not list(drop_dir.glob("*.csv"))
    assert set(ImportRun.objects.values_list("kind", "status")) == {
        ("tenancies", "completed"),
        ("ledger", "completed"),
    }


@pytest.mark.django_db
def test_a_refused_file_is_moved_to_failed(drop_dir):
    (drop_dir / "ledger.csv").write_text("tenancy_ref,amount\nT000101,1.00\n", encoding="utf-8")

    run_pk = tasks.import_hms_file.apply(args=["ledger.csv"]).get()

    assert ImportRun.objects.get(pk=run_pk).status == ImportRun.Status.REJECTED
    assert (drop_dir / "failed" / "ledger.csv").exists()


@pytest.mark.django_db
def test_the_same_file_under_two_names_is_imported_once_and_both_are_done(drop_dir):
    TenancyFactory(reference="T000101")
    first = write_ledger(drop_dir / "monday.csv", [ledger_row(), ledger_row()])
    (drop_dir / "monday-copy.csv").write_bytes(first.read_bytes())

    tasks.import_hms_file.apply(args=["monday.csv"]).get()
    before = ledger_totals()
    tasks.import_hms_file.apply(args=["monday-copy.csv"]).get()

    assert ledger_totals() == before == {"entries": 2, "pence": 19100}
    assert ImportRun.objects.count() == 1
    assert sorted(p.name for p in (drop_dir / "done").iterdir()) == [
        "monday-copy.csv",
        "monday.csv",
    ]


@pytest.mark.django_db
def test_a_file_name_seen_before_does_not_overwrite_the_earlier_file_in_done(drop_dir):
    TenancyFactory(reference="T000101")
    write_ledger(drop_dir / "daily.csv", [ledger_row()])
    tasks.import_hms_file.apply(args=["daily.csv"]).get()
    write_ledger(drop_dir / "daily.csv", [ledger_row()])
    tasks.import_hms_file.apply(args=["daily.csv"]).get()

    assert len(list((drop_dir / "done").glob("daily*.csv"))) == 2
    assert LedgerEntry.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["gone.csv", "../secrets.csv", "/etc/passwd", "notes.txt"])
def test_a_missing_file_or_a_name_that_is_not_a_plain_csv_name_does_nothing(drop_dir, name):
    assert tasks.import_hms_file.apply(args=[name]).get() is None
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_a_file_another_worker_holds_is_left_in_place(drop_dir, monkeypatch):
    write_ledger(drop_dir / "ledger.csv", [ledger_row()])

    def locked(**kwargs):
        run = ImportRun(kind="ledger", file_name="ledger.csv", file_sha256="0" * 64)
        run.skipped = True
        return run

    monkeypatch.setattr(imports, "hms_file_import", locked)

    tasks.import_hms_file.apply(args=["ledger.csv"]).get()

    assert (drop_dir / "ledger.csv").exists()


@pytest.mark.django_db
def test_database_faults_are_retried_then_the_file_is_set_aside(drop_dir, monkeypatch):
    write_ledger(drop_dir / "ledger.csv", [ledger_row()])

    def database_down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(imports, "hms_dropped_file_import", database_down)

    with pytest.raises(Retry):
        tasks.import_hms_file.apply(args=["ledger.csv"]).get()
    assert (drop_dir / "ledger.csv").exists()

    last_try = tasks.import_hms_file.max_retries
    with pytest.raises(OperationalError):
        tasks.import_hms_file.apply(args=["ledger.csv"], retries=last_try).get()
    assert (drop_dir / "failed" / "ledger.csv").exists()


# --- A real worker --------------------------------------------------------------------------


def _worker_broker_url() -> str:
    """A dedicated Redis database (15) on the configured Redis, flushed. Skips without Redis
    locally; in CI a missing Redis is a failure."""
    import redis

    configured = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
    parts = urlsplit(configured)
    if parts.scheme not in ("redis", "rediss"):
        parts = urlsplit("redis://127.0.0.1:6379/0")
    url = urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))
    try:
        _flush(url)
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but Redis is not reachable: {exc}")
        pytest.skip(f"needs Redis ({exc})")
    return url


def _flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()


def _database_url() -> str:
    """The pytest-django test database, for the worker to use."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"


def _wait_for(predicate, *, timeout: float, worker: subprocess.Popen, log: Path, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}) before {what}:\n{_tail(log)}")
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout}s waiting for {what}:\n{_tail(log)}")


def _stop(worker: subprocess.Popen) -> None:
    """Stop the worker and its pool children (its own process group), forcefully if need be."""
    if worker.poll() is not None:
        return
    try:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_the_same_file_dropped_twice_only_once(
    tmp_path, drop_dir, monkeypatch
):
    broker_url = _worker_broker_url()
    TenancyFactory(reference="T000101")
    rows = [ledger_row(account_ref=f"R{n % 20:06d}") for n in range(2_000)]
    write_ledger(drop_dir / "ledger-a.csv", rows)
    (drop_dir / "ledger-b.csv").write_bytes((drop_dir / "ledger-a.csv").read_bytes())
    names = ["ledger-a.csv", "ledger-b.csv"]

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": broker_url,
        "DATABASE_URL": _database_url(),
        "HMS_DROP_DIR": str(drop_dir),
    }
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).parent / "celery"
    # The test process sends to the broker instead of running tasks inline.
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)

    def queue_both():
        with celery_app.connection_for_write(broker_url) as broker:
            for name in names:
                tasks.import_hms_file.apply_async(args=[name], connection=broker)

    with log.open("wb") as log_file:
        worker = subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
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
                f"imports-test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        queue_both()
        _wait_for(
            lambda: ImportRun.objects.filter(status=ImportRun.Status.COMPLETED).exists(),
            timeout=60,
            worker=worker,
            log=log,
            what="the import to complete",
        )
        # The next beat poll queues whatever is still waiting (a copy skipped as locked).
        queue_both()
        _wait_for(
            lambda: not any(drop_dir.glob("*.csv")),
            timeout=60,
            worker=worker,
            log=log,
            what="both files to be moved out of the drop folder",
        )
    finally:
        _stop(worker)
        _flush(broker_url)

    run = ImportRun.objects.get()
    assert (run.status, run.rows_loaded, run.rows_failed) == (ImportRun.Status.COMPLETED, 2000, 0)
    assert LedgerEntry.objects.count() == 2_000
    assert LedgerEntry.objects.values("external_id", "kind").distinct().count() == 2_000
    assert sorted(p.name for p in (drop_dir / "done").iterdir()) == names
    assert "skipped: locked or already imported" in log.read_text(errors="replace")
