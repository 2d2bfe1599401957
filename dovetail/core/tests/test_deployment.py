"""No public secret key, a production start that insists on one, Django's deployment checks
passing behind HTTPS, and a sign-in that locks out a password guesser."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from dovetail.cli import main
from dovetail.core.secrets import installation_key


def test_each_installation_makes_its_own_private_key(tmp_path):
    first = installation_key(tmp_path / "a")
    assert first == installation_key(tmp_path / "a")
    assert first != installation_key(tmp_path / "b") and len(first) >= 50
    mode = stat.S_IMODE(os.stat(tmp_path / "a" / "secret_key").st_mode)
    assert mode == 0o600


def test_the_running_key_is_not_a_published_one():
    assert "demo" not in settings.SECRET_KEY and len(settings.SECRET_KEY) >= 50


def test_serve_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("DOVETAIL_SECRET_KEY", raising=False)
    with pytest.raises(SystemExit, match="without DOVETAIL_SECRET_KEY"):
        main(["serve"])


def _manage(*args, **env):
    # a production environment: none of the test run's own switches (the browser tests allow
    # synchronous database calls from Playwright's event loop)
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-m", "dovetail.cli", "manage", *args],
        capture_output=True,
        text=True,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "dovetail.settings", **env},
        check=False,
    )


def test_deployment_checks_pass_behind_https(tmp_path):
    key = "k" + os.urandom(40).hex()
    checked = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DOVETAIL_SECRET_KEY=key,
        DOVETAIL_HTTPS="1",
        DOVETAIL_DATA_DIR=str(tmp_path),
    )
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout


def test_the_production_wsgi_entry_refuses_without_a_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DOVETAIL_SECRET_KEY", "DOVETAIL_DEMO")}
    started = subprocess.run(
        [sys.executable, "-c", "import dovetail.wsgi"],
        capture_output=True,
        text=True,
        env={**env, "DOVETAIL_DATA_DIR": str(tmp_path)},
        check=False,
    )
    assert started.returncode != 0 and "without DOVETAIL_SECRET_KEY" in started.stderr


def test_every_page_carries_the_security_headers(client):
    response = client.get("/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_sign_in_locks_out_after_five_failures(client, persona):
    statuses = [
        client.post("/login/", {"username": "teacher", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post("/login/", {"username": "teacher", "password": "dovetail-demo"})
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # another person at the same address is not locked out
    other = client.post("/login/", {"username": "mentor", "password": "dovetail-demo"})
    assert other.status_code == 302


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_it_is_read(client, settings):
    settings.DOVETAIL_MAX_REQUEST_BYTES = 1024
    response = client.post("/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413


def test_more_than_one_web_process_needs_redis(monkeypatch, settings):
    monkeypatch.setenv("DOVETAIL_SECRET_KEY", "k" * 60)
    settings.REDIS_URL = ""
    with pytest.raises(SystemExit, match="more than one worker needs DOVETAIL_REDIS_URL"):
        main(["serve", "--workers", "2"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_runs_gunicorn_with_the_workers_asked_for(tmp_path):
    environment = {
        "DOVETAIL_SECRET_KEY": "k" + os.urandom(40).hex(),
        "DOVETAIL_DATA_DIR": str(tmp_path),
        "DOVETAIL_REDIS_URL": "redis://127.0.0.1:6379/12",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dovetail.sqlite3'}",
    }
    migrated = _manage("migrate", "-v0", **environment)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dovetail.cli", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **environment},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        statuses = []
        for _ in range(100):
            try:
                statuses = [
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5).status
                    for _ in range(20)
                ]
                break
            except OSError:
                time.sleep(0.2)
        assert statuses == [200] * 20
        style = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/dovetail/dovetail.css")
        assert style.status == 200 and style.headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert "Using worker: gthread" in log and log.count("Booting worker") == 2
