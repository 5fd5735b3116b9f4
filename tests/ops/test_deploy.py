"""deploy/: the files can't be run here (no Docker daemon, no cluster), so their essentials are checked:
the image runs `serve --http` as a non-root user with a /healthz check, Compose and Kubernetes run two
replicas on one Redis with probes on /healthz, the systemd unit points at the bot. YAML is parsed with
PyYAML (a test dependency only: the bot itself never reads YAML)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Any

import yaml

from bot.health import HEALTHZ_PATH

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def yaml_documents(path: Path) -> list[Any]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def test_the_image_serves_http_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    (user,) = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert not user.startswith(("root", "0"))
    assert re.search(r"^HEALTHCHECK .*\n?.*http://127\.0\.0\.1:3000/healthz", dockerfile, re.M)
    assert 'CMD ["precert-bot", "serve", "--http", "--host", "0.0.0.0", "--port", "3000"]' in dockerfile
    # Every package pyproject.toml installs is copied into the image.
    pyproject = (DEPLOY.parent / "pyproject.toml").read_text(encoding="utf-8")
    packages = re.search(r"^packages = \[(.*)\]", pyproject, re.M)
    assert packages is not None
    for top in {p.strip(' "').split(".")[0] for p in packages.group(1).split(",")}:
        assert f"COPY {top} ./{top}" in dockerfile, top


def test_compose_runs_two_replicas_on_one_redis_behind_nginx() -> None:
    (compose,) = yaml_documents(DEPLOY / "compose.yaml")
    services = compose["services"]
    bots = [name for name, s in services.items() if s.get("image", "").startswith("precert-bot")]
    assert len(bots) == 2 and "redis" in services
    for name in bots:
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert all(f"server {name}:3000" in nginx for name in bots)


def test_kubernetes_runs_two_replicas_probed_on_healthz() -> None:
    docs = [d for f in sorted((DEPLOY / "k8s").glob("*.yaml")) for d in yaml_documents(f)]
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs if "metadata" in d}
    assert {("Deployment", "precert-bot"), ("Service", "precert-bot"), ("Deployment", "redis")} <= kinds
    assert {("Service", "redis"), ("Secret", "precert-bot-slack")} <= kinds
    (bot,) = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "precert-bot"]
    assert bot["spec"]["replicas"] == 2
    (container,) = bot["spec"]["template"]["spec"]["containers"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == HEALTHZ_PATH
    assert {"secretRef": {"name": "precert-bot-slack"}} in container["envFrom"]
    assert {"name": "REDIS_URL", "value": "redis://redis:6379/0"} in container["env"]
    assert bot["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    (kustomization,) = yaml_documents(DEPLOY / "k8s" / "kustomization.yaml")
    assert "secret.example.yaml" not in kustomization["resources"]  # placeholders are never applied


def test_the_systemd_unit_runs_the_bot_from_its_virtualenv() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "systemd" / "precert-bot.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"].startswith("/opt/precert-bot/.venv/bin/precert-bot serve --http")
    assert service["User"] == "precert-bot" and service["EnvironmentFile"] == "/etc/precert-bot/precert-bot.env"
    assert service["RestartPreventExitStatus"] == "2"  # bad settings: a restart would not help
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_every_deployment_reads_the_documents_folder_from_outside_the_code() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "ENV PRECERT_SOURCES=/srv/precert/sources" in dockerfile
    (compose,) = yaml_documents(DEPLOY / "compose.yaml")
    for name, service in compose["services"].items():
        if service.get("image", "").startswith("precert-bot"):
            assert service["environment"]["PRECERT_SOURCES"] == "/srv/precert/sources", name
            assert any(v.endswith(":/srv/precert/sources:ro") for v in service["volumes"]), name
    (bot,) = [d for d in yaml_documents(DEPLOY / "k8s" / "bot.yaml") if d["kind"] == "Deployment"]
    pod = bot["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert {"name": "PRECERT_SOURCES", "value": "/srv/precert/sources"} in container["env"]
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/srv/precert/sources")
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["configMap"]["name"] == "precert-bot-sources"
    unit = (DEPLOY / "systemd" / "precert-bot.service").read_text(encoding="utf-8")
    assert "Environment=PRECERT_SOURCES=/etc/precert-bot/sources" in unit
    assert "ExecReload=/bin/kill -HUP $MAINPID" in unit
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert "**Replacing a document**" in readme and "precert-bot kb check" in readme and "kb diff" in readme


def test_the_readme_links_the_slack_install_guide_and_every_deploy_file() -> None:
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for name in ("INSTALL-SLACK.md", "slack-app-manifest.yml", "Dockerfile", "compose.yaml", "k8s/", "systemd/"):
        assert f"]({name}" in readme, name
