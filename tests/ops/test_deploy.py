"""deploy/: the files can't be run here (no Docker daemon, no cluster), so their essentials are checked:
the image runs `serve --http` as a non-root user with a /healthz check, Compose and Kubernetes run two
replicas on one Redis with probes on /healthz, the systemd unit points at the bot. YAML is parsed with
PyYAML (a test dependency only: the bot itself never reads YAML)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.runtime.health import HEALTHZ_PATH, READYZ_PATH

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
K8S_BASE = DEPLOY / "k8s" / "base"


def yaml_documents(path: Path) -> list[Any]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def test_the_image_serves_http_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    (user,) = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert not user.startswith(("root", "0"))
    # The health check asks the port the bot serves on: both follow PORT.
    assert re.search(r"^ENV PORT=3000$", dockerfile, re.M)
    assert re.search(
        r"^HEALTHCHECK .*\n?.*http://127\.0\.0\.1:\{os\.environ\[\\\"PORT\\\"\]\}/healthz", dockerfile, re.M
    )
    assert 'CMD ["precert-bot", "serve", "--http", "--host", "0.0.0.0"]' in dockerfile
    # One copy of the code: the source is installed and removed in the layer that copies it in, and
    # the working folder the bot (and `python -m bot`, its answer processes) starts in is not it.
    assert re.search(r"^WORKDIR /tmp/src$", dockerfile, re.M)
    assert re.search(r"^RUN pip install \. && cd / && rm -rf /tmp/src$", dockerfile, re.M)
    workdirs = re.findall(r"^WORKDIR (\S+)$", dockerfile, re.M)
    assert workdirs[-1] == "/srv/precert"
    # Every package pyproject.toml installs is copied into the image.
    pyproject = (DEPLOY.parent / "pyproject.toml").read_text(encoding="utf-8")
    include = re.search(r"^include = \[(.*)\]", pyproject, re.M)
    assert include is not None
    tops = {p.strip(' "').rstrip("*") for p in include.group(1).split(",")}
    assert tops == {"knowledge", "intents", "schedule_check", "render", "bot", "bench"}
    for top in tops:
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


def test_the_images_user_and_group_both_have_entries() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    (user,) = re.findall(r"^USER (\d+):(\d+)$", dockerfile, re.M)
    # `useradd --user-group` picks a gid of its own; the group the image runs as must exist by that id.
    assert re.search(rf"groupadd --system --gid {user[1]} precert\b", dockerfile)
    assert re.search(rf"useradd --system --uid {user[0]} --gid {user[1]} ", dockerfile)
    (bot,) = [d for d in yaml_documents(K8S_BASE / "bot.yaml") if d["kind"] == "Deployment"]
    context = bot["spec"]["template"]["spec"]["securityContext"]
    assert (str(context["runAsUser"]), str(context["runAsGroup"])) == user


def test_kubernetes_runs_two_replicas_probed_on_healthz() -> None:
    files = [*K8S_BASE.glob("*.yaml"), DEPLOY / "k8s" / "secret.example.yaml"]
    docs = [d for f in sorted(files) for d in yaml_documents(f)]
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
    for folder in (DEPLOY / "k8s", K8S_BASE):
        (kustomization,) = yaml_documents(folder / "kustomization.yaml")
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
    (bot,) = [d for d in yaml_documents(K8S_BASE / "bot.yaml") if d["kind"] == "Deployment"]
    pod = bot["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert {"name": "PRECERT_SOURCES", "value": "/srv/precert/sources"} in container["env"]
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/srv/precert/sources")
    assert mount["readOnly"] is True
    # Filled by the init container from the two ConfigMaps (test_the_init_container_keeps_history).
    (init,) = pod["initContainers"]
    assert {"name": mount["name"], "mountPath": "/srv/precert/sources"} in init["volumeMounts"]
    configmaps = {v["name"]: v["configMap"] for v in pod["volumes"] if "configMap" in v}
    assert {c["name"] for c in configmaps.values()} == {"precert-bot-sources", "precert-bot-sources-history"}
    assert configmaps["history"].get("optional") is True  # a folder without a previous edition still runs
    unit = (DEPLOY / "systemd" / "precert-bot.service").read_text(encoding="utf-8")
    assert "Environment=PRECERT_SOURCES=/etc/precert-bot/sources" in unit
    assert "ExecReload=/bin/kill -HUP $MAINPID" in unit
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert "**Replacing a document**" in readme and "precert-bot kb check" in readme and "kb diff" in readme


def test_the_readme_links_the_slack_install_guide_and_every_deploy_file() -> None:
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for name in (
        "INSTALL-SLACK.md",
        "slack-app-manifest.yml",
        "Dockerfile",
        "compose.yaml",
        "compose.socket-mode.yaml",
        "k8s/",
        "k8s/socket-mode/",
        "systemd/",
    ):
        assert f"]({name}" in readme, name


def test_serve_listens_on_port_when_no_port_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.commands.cli import build_parser

    monkeypatch.setenv("PORT", "8123")
    assert build_parser().parse_args(["serve", "--http"]).port == 8123
    assert build_parser().parse_args(["serve", "--http", "--port", "9000"]).port == 9000


@pytest.mark.parametrize("ignore", [".dockerignore", "deploy/Dockerfile.dockerignore"])
def test_both_builders_keep_virtualenvs_caches_and_egg_info_out_of_the_image(ignore: str) -> None:
    lines = [x for x in (DEPLOY.parent / ignore).read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    assert lines[0] == "**"  # everything is out unless let in
    assert {"**/__pycache__", "**/*.pyc", "**/*.egg-info"} <= set(lines)
    assert not [x for x in lines if x.startswith("!") and ("venv" in x or "egg-info" in x or "tests" in x)]


def test_nginx_finds_a_recreated_replica_without_a_reload() -> None:
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*resolver 127\.0\.0\.11 valid=\d+s", nginx, re.M)  # Docker's DNS, asked again
    assert re.search(r"^\s*zone precert_bot ", nginx, re.M)
    servers = re.findall(r"^\s*server (bot-\d):3000 .*\bresolve;", nginx, re.M)
    assert servers == ["bot-1", "bot-2"]


def test_stop_timeouts_leave_room_for_the_drain() -> None:
    from bot.runtime.settings import DRAIN_SECONDS

    unit = (DEPLOY / "systemd" / "precert-bot.service").read_text(encoding="utf-8")
    (systemd,) = re.findall(r"^TimeoutStopSec=(\d+)$", unit, re.M)
    composes = [yaml_documents(DEPLOY / name)[0] for name in ("compose.yaml", "compose.socket-mode.yaml")]
    grace = {
        f"{i}:{n}": s["stop_grace_period"]
        for i, c in enumerate(composes)
        for n, s in c["services"].items()
        if s.get("image", "").startswith("precert-bot")
    }
    (bot,) = [d for d in yaml_documents(K8S_BASE / "bot.yaml") if d["kind"] == "Deployment"]
    kubernetes = bot["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    # The drain, closing the connection (2 s) and exiting fit with room to spare; all three agree.
    assert len(grace) == 4 and set(grace.values()) == {f"{systemd}s"}
    assert int(systemd) == kubernetes >= DRAIN_SECONDS + 5


def test_socket_mode_runs_two_replicas_checked_on_the_ops_port() -> None:
    (compose,) = yaml_documents(DEPLOY / "compose.socket-mode.yaml")
    services = compose["services"]
    bots = {name: s for name, s in services.items() if s.get("image", "").startswith("precert-bot")}
    assert len(bots) == 2 and "nginx" not in services and "redis" in services
    for service in bots.values():
        assert service["command"] == ["precert-bot", "serve"]
        ops_port = service["environment"]["OPS_PORT"]
        assert f"http://127.0.0.1:{ops_port}{READYZ_PATH}" in " ".join(service["healthcheck"]["test"])
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert "ports" not in service and service["expose"] == [ops_port]
    (overlay,) = yaml_documents(DEPLOY / "k8s" / "socket-mode" / "kustomization.yaml")
    assert overlay["resources"] == ["../base"]
    patches = overlay["patches"]
    (deployment,) = [p for p in patches if p.get("target", {}).get("kind") == "Deployment"]
    ops = {o["path"]: o for o in yaml.safe_load(deployment["patch"])}
    container = "/spec/template/spec/containers/0"
    assert ops[f"{container}/args"]["value"] == ["precert-bot", "serve"]
    assert ops[f"{container}/ports"]["value"] == [{"name": "ops", "containerPort": 9091}]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert ops[f"{container}/{probe}/httpGet/port"] == {
            "op": "replace",
            "path": f"{container}/{probe}/httpGet/port",
            "value": "ops",
        }
    # Ready only while connected; alive (and started) while it reconnects by itself.
    assert ops[f"{container}/readinessProbe/httpGet/path"]["value"] == READYZ_PATH
    assert not [path for path in ops if path.endswith(("livenessProbe/httpGet/path", "startupProbe/httpGet/path"))]
    deleted = {
        (d["kind"], d["metadata"]["name"]) for p in patches if "target" not in p for d in [yaml.safe_load(p["patch"])]
    }
    assert deleted == {("Service", "precert-bot"), ("Ingress", "precert-bot")}
    # What the overlay replaces exists in the base (kustomize's JSON patch needs it), on port 9091.
    (bot,) = [d for d in yaml_documents(K8S_BASE / "bot.yaml") if d["kind"] == "Deployment"]
    (base,) = bot["spec"]["template"]["spec"]["containers"]
    assert {"name": "OPS_PORT", "value": "9091"} in base["env"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert base[probe]["httpGet"]["path"] == HEALTHZ_PATH


def test_the_redis_pod_runs_as_the_images_own_user_and_group() -> None:
    (redis,) = [d for d in yaml_documents(K8S_BASE / "redis.yaml") if d["kind"] == "Deployment"]
    pod = redis["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == "redis:7-alpine"
    # redis:7-alpine: `addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis`.
    assert (pod["securityContext"]["runAsUser"], pod["securityContext"]["runAsGroup"]) == (999, 1000)


def test_the_ehr_routes_are_reachable_through_nginx_and_the_ingress() -> None:
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"location /cds-services \{[^}]*X-Forwarded-Proto", nginx)  # aud needs the scheme
    assert "location /v1/ {" in nginx
    ingress = (K8S_BASE / "ingress.yaml").read_text(encoding="utf-8")
    assert re.search(r"- path: /cds-services\n\s+pathType: Prefix", ingress)
    assert "- path: /metrics" not in ingress and "- path: /healthz" not in ingress


def kustomizations() -> list[Path]:
    return sorted((DEPLOY / "k8s").rglob("kustomization.yaml"))


def test_no_kustomization_builds_on_a_folder_that_contains_it() -> None:
    # kustomize 5 refuses it ("cycle detected: candidate root ... contains visited root").
    assert len(kustomizations()) == 4  # k8s/, base/, socket-mode/, single-replica/
    for path in kustomizations():
        (kustomization,) = yaml_documents(path)
        for resource in kustomization["resources"]:
            target = (path.parent / resource).resolve()
            assert target.exists(), (path, resource)
            assert not path.parent.resolve().is_relative_to(target), (path, resource)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize(
    ("folder", "kinds"),
    [
        ("k8s", {"Namespace", "Deployment", "Service", "PodDisruptionBudget", "Ingress"}),
        ("k8s/socket-mode", {"Namespace", "Deployment", "Service", "PodDisruptionBudget"}),
    ],
)
def test_kubectl_kustomize_renders_both_modes(folder: str, kinds: set[str]) -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(DEPLOY / folder)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert {d["kind"] for d in docs} == kinds
    (bot,) = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "precert-bot"]
    services = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"}
    assert services == ({"precert-bot", "redis"} if folder == "k8s" else {"redis"})
    pod = bot["spec"]["template"]["spec"]
    # The image name set in base/ reaches the bot and its init container in both modes.
    assert {c["image"] for c in pod["containers"] + pod["initContainers"]} == {"precert-bot:0.1.0"}
    (container,) = pod["containers"]
    serve = ["precert-bot", "serve", "--http", "--host", "0.0.0.0", "--port", "3000"]
    assert container["args"] == (serve if folder == "k8s" else ["precert-bot", "serve"])


def test_the_cpu_request_covers_every_process_of_the_pod() -> None:
    (bot,) = [d for d in yaml_documents(K8S_BASE / "bot.yaml") if d["kind"] == "Deployment"]
    (container,) = bot["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    processes = 1 + int(env["ANSWER_PROCESSES"])  # the serving process and its answer processes
    cpu = container["resources"]["requests"]["cpu"]
    millicores = int(cpu[:-1]) if cpu.endswith("m") else int(float(cpu) * 1000)
    assert millicores >= 500 * processes


def test_the_init_container_keeps_history(tmp_path: Path) -> None:
    """The init container's own script, run on folders laid out as the kubelet lays out a ConfigMap
    (each key a symlink into ..data): the edition and its history/ come out as one folder."""
    (bot,) = [d for d in yaml_documents(K8S_BASE / "bot.yaml") if d["kind"] == "Deployment"]
    (init,) = bot["spec"]["template"]["spec"]["initContainers"]
    mounts = {m["name"]: m["mountPath"] for m in init["volumeMounts"]}
    script = init["command"][-1]
    for name, path in mounts.items():
        script = script.replace(path, str(tmp_path / name))
    files = {"edition": {"sources.toml": "now", "a.txt": "A2"}, "history": {"sources.toml": "then", "a.txt": "A1"}}
    for name, contents in files.items():
        data = tmp_path / name / "..2026_12_03"
        data.mkdir(parents=True)
        (tmp_path / name / "..data").symlink_to(data.name)
        for file, text in contents.items():
            (data / file).write_text(text, encoding="utf-8")
            (tmp_path / name / file).symlink_to(f"..data/{file}")
    (tmp_path / "sources").mkdir()

    subprocess.run([*init["command"][:-1], script], check=True, timeout=30)

    made = {str(p.relative_to(tmp_path / "sources")): p for p in (tmp_path / "sources").rglob("*") if p.is_file()}
    assert sorted(made) == ["a.txt", "history/a.txt", "history/sources.toml", "sources.toml"]
    assert not any(p.is_symlink() for p in made.values())
    assert made["history/a.txt"].read_text(encoding="utf-8") == "A1" and made["a.txt"].read_text() == "A2"
    # Without the optional history ConfigMap (an empty folder), the edition alone, and no history/.
    for p in [*(tmp_path / "history").iterdir(), *(tmp_path / "sources").iterdir()]:
        shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    subprocess.run([*init["command"][:-1], script], check=True, timeout=30)
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["a.txt", "sources.toml"]


def test_without_redis_every_deployment_keeps_its_state_on_a_volume() -> None:
    """The data folder (PRECERT_DATA_DIR) is a volume the bot's user owns, one replica uses it, and it
    outlives the container, the pod and the process."""
    folder = "/var/lib/precert-bot"
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert f"ENV PRECERT_DATA_DIR={folder}" in dockerfile
    made = dockerfile.index(f"RUN install -d -m 0700 -o 10001 -g 10001 {folder}")
    assert made < dockerfile.index(f'VOLUME ["{folder}"]')  # changes after VOLUME would be discarded

    (compose,) = yaml_documents(DEPLOY / "compose.single.yaml")
    (bot,) = compose["services"].values()
    assert "REDIS_URL" not in bot["environment"] and bot["environment"]["PRECERT_DATA_DIR"] == folder
    (volume,) = [v.split(":")[0] for v in bot["volumes"] if v.split(":")[1] == folder]
    assert volume in compose["volumes"]  # named: `docker compose down` and a new image keep it

    unit = (DEPLOY / "systemd" / "precert-bot.service").read_text(encoding="utf-8")
    assert "StateDirectory=precert-bot" in unit and f"Environment=PRECERT_DATA_DIR={folder}" in unit
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert "](compose.single.yaml)" in readme and "](k8s/single-replica/)" in readme
    assert "## State without Redis" in readme


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubernetes_without_redis_runs_one_replica_on_a_persistent_volume() -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(DEPLOY / "k8s" / "single-replica")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert ("Deployment", "redis") not in names and ("Service", "redis") not in names
    assert ("PodDisruptionBudget", "precert-bot") not in names  # with one replica it blocks node drains
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    (claim,) = [d for d in docs if d["kind"] == "PersistentVolumeClaim"]
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}  # no surge pod waiting on the folder
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert "REDIS_URL" not in env and env["PRECERT_DATA_DIR"] == "/var/lib/precert-bot"
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == env["PRECERT_DATA_DIR"])
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"] == 10001
