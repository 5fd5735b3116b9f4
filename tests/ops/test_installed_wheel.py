"""The package as operators install it (issue 21): the wheel built from this checkout, installed (not
editable) into a fresh virtualenv, imports every module and serves `precert-bot serve --http` against
the fake Slack. Every other test runs on an editable install, which reads the checkout's folders:
a package or data file the wheel leaves out (once, bot.listeners) passes there and fails every real
install.

Offline: the wheel is built with the test virtualenv's own setuptools (no build isolation, nothing
downloaded), and the fresh virtualenv borrows the test virtualenv's dependencies through a .pth file
(read after its own site-packages, so the project itself comes only from the wheel)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.scenario_tests.test_serve_process import clean_env, wait_for_port
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack
from tests.support.processes import stop
from tests.support.redis_server import free_port
from tests.support.signing import SIGNING_SECRET, SlackSender

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("knowledge", "intents", "schedule_check", "render", "bot", "bench")
BUILD_SECONDS = 180  # deadlines for pip, not measurements
ANSWER_SECONDS = 15.0


class Installed:
    def __init__(self, wheel: Path, venv: Path):
        self.wheel, self.venv = wheel, venv
        self.python, self.script = venv / "bin" / "python", venv / "bin" / "precert-bot"
        (self.site_packages,) = (venv / "lib").glob("python3.*/site-packages")


def copy_sources(to: Path) -> None:
    """What the Dockerfile copies: pyproject.toml, README.md and the packages (no caches, no egg-info)."""
    to.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, to / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, to / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    copy_sources(work / "src")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist", work / "src"],
        check=True,
        timeout=BUILD_SECONDS,
    )
    (wheel,) = (work / "dist").glob("precert_bot-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=BUILD_SECONDS)
    # pip runs as the fresh interpreter (--python): the console script's first line names it.
    subprocess.run(
        [*pip, "--python", venv / "bin" / "python", "install", "--no-deps", wheel], check=True, timeout=BUILD_SECONDS
    )
    result = Installed(wheel, venv)
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (result.site_packages / "test-dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    return result


def tracked_files(package: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", package], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0 or not listed.stdout:  # not a git checkout: the files on disk
        return [
            str(p.relative_to(ROOT))
            for p in (ROOT / package).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
    return listed.stdout.split()


def test_the_wheel_holds_every_file_of_every_package(installed: Installed) -> None:
    """Code and data: a data file the package data patterns miss (a new .json beside the code) would
    be read from the checkout by every other test and be missing from every install."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        inside = set(wheel.namelist())
    wanted = {f for package in PACKAGES for f in tracked_files(package) if (ROOT / f).is_file()}
    assert wanted and not sorted(wanted - inside)


def test_every_module_imports_from_the_installed_copy(installed: Installed, tmp_path: Path) -> None:
    check = """
import importlib, pkgutil, sys
site = sys.argv[1]
names = []
for top in sys.argv[2:]:
    package = importlib.import_module(top)
    names.append(top)
    names += [m.name for m in pkgutil.walk_packages(package.__path__, top + ".")]
for name in names:
    if name.endswith(".__main__"):  # runs the program when imported: the console scripts cover it
        continue
    module = importlib.import_module(name)
    assert module.__file__.startswith(site), (name, module.__file__)
print(len(names))
"""
    # Started in the checkout: its folders must not be what is imported (-P: the script's folder is not
    # on the path either, as with the console script).
    result = subprocess.run(
        [installed.python, "-P", "-c", check, str(installed.site_packages), *PACKAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modules = sum(1 for p in PACKAGES for f in tracked_files(p) if f.endswith(".py"))  # __main__ too
    assert int(result.stdout) == modules


def test_the_installed_console_script_serves_slack(installed: Installed, fake_slack: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url)
    env.pop("PRECERT_SOURCES", None)  # the documents packaged in the wheel
    env["PRECERT_CACHE_DIR"] = "off"
    command = [installed.script, "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(process, port)
        event = payloads.app_mention("does keytruda need evicore precert?")
        assert SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event).status == 200
        (post,) = fake_slack.wait_for("chat.postMessage")
        assert "Keytruda" in payloads.texts(post.body["blocks"])
        process.send_signal(signal.SIGTERM)
        assert process.wait(ANSWER_SECONDS) == 0
    finally:
        stop(process)


def test_answer_processes_run_the_installed_copy_wherever_they_start(
    installed: Installed, fake_slack: FakeSlack, redis_url: str, tmp_path: Path
) -> None:
    """Started in a folder that holds another `bot` package (the image once kept its source in the
    working folder), the answer processes still import the installed one: the answer comes."""
    decoy = tmp_path / "bot"
    decoy.mkdir()
    (decoy / "__init__.py").write_text('raise SystemExit("the source copy was imported")\n', encoding="utf-8")
    (decoy / "__main__.py").write_text('raise SystemExit("the source copy was run")\n', encoding="utf-8")
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        REDIS_URL=redis_url,
        ANSWER_PROCESSES="1",
    )
    command = [installed.script, "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(process, port)
        event = payloads.app_mention("does keytruda need evicore precert?")
        assert SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event).status == 200
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=ANSWER_SECONDS)
        assert "Keytruda" in payloads.texts(post.body["blocks"])
        process.send_signal(signal.SIGTERM)
        assert process.wait(ANSWER_SECONDS) == 0
        logged = process.stderr.read().decode()
    finally:
        stop(process)
    assert "source copy" not in logged and "exited with" not in logged
