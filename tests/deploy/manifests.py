"""Rendering kustomize targets and looking things up in the rendered objects."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from .tools import KUSTOMIZE_DIR, kustomize_command

Obj = dict[str, Any]

# kustomize targets under deploy/kubernetes that must render and validate.
TARGETS = ("base", "overlays/example", "overlays/example-redis", "overlays/example-callers")
# A caller's own manifests (its namespace, service account and projected token), not the
# gateway's: checked by tests/deploy/test_callers.py.
CALLER_TARGET = "caller-example"

GATEWAY = "clova-ocr-gateway"
GATEWAY_CONTAINER = "gateway"
CONFIGMAP_PREFIX = "clova-ocr-gateway-config"


@functools.cache
def render(target: str) -> Manifest:
    """Render one kustomize target offline (cached: each target renders once per run)."""
    command = [*kustomize_command(), str(KUSTOMIZE_DIR / target)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stderr}"
    objects = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    assert objects, f"{target} rendered no objects"
    return Manifest(target, objects)


def selector_matches(selector: Obj | None, labels: dict[str, str]) -> bool:
    """Kubernetes LabelSelector semantics (matchLabels AND matchExpressions); {} matches all."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def pod_spec(workload: Obj) -> Obj:
    spec: Obj = workload["spec"]["template"]["spec"]
    return spec


def pod_labels(workload: Obj) -> dict[str, str]:
    labels: dict[str, str] = workload["spec"]["template"]["metadata"].get("labels") or {}
    return labels


def containers(workload: Obj) -> list[Obj]:
    spec = pod_spec(workload)
    return [*(spec.get("initContainers") or []), *spec["containers"]]


def container_ports(workload: Obj) -> list[Obj]:
    return [port for c in containers(workload) for port in c.get("ports") or []]


def port_exists(workload: Obj, port: int | str, protocol: str = "TCP") -> bool:
    """Whether `port` (a number or a port name) is a container port of the workload's pods."""
    for p in container_ports(workload):
        if p.get("protocol", "TCP") != protocol:
            continue
        if port in (p["containerPort"], p.get("name")):
            return True
    return False


def assert_pod_security_restricted(workload: Obj) -> None:
    """The Pod Security Standard "restricted" (and our own rules: tagged images, requests and
    limits), for one workload and each of its containers."""
    name = workload["metadata"]["name"]
    spec = pod_spec(workload)
    pod_sc = spec.get("securityContext") or {}
    assert pod_sc.get("runAsNonRoot") is True, name
    assert isinstance(pod_sc.get("runAsUser"), int) and pod_sc["runAsUser"] > 0, name
    assert pod_sc.get("seccompProfile") == {"type": "RuntimeDefault"}, name
    for host in ("hostNetwork", "hostPID", "hostIPC"):
        assert spec.get(host) in (None, False), f"{name}: {host}"
    assert spec.get("automountServiceAccountToken") is False, name
    for volume in spec.get("volumes") or []:
        assert "hostPath" not in volume, f"{name}: hostPath volume {volume['name']}"
    for c in containers(workload):
        where = f"{name}/{c['name']}"
        sc = c.get("securityContext") or {}
        assert sc.get("allowPrivilegeEscalation") is False, where
        assert sc.get("readOnlyRootFilesystem") is True, where
        assert sc.get("privileged") in (None, False), where
        assert sc.get("capabilities", {}).get("drop") == ["ALL"], where
        assert not sc.get("capabilities", {}).get("add"), where
        assert sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True, where
        uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
        assert isinstance(uid, int) and uid > 0, where
        assert sc.get("seccompProfile", pod_sc.get("seccompProfile")) == {
            "type": "RuntimeDefault"
        }, where
        assert "hostPort" not in str(c.get("ports")), where
        image = c["image"]
        assert ":" in image.rsplit("/", 1)[-1] or "@sha256:" in image, f"{where}: untagged"
        assert not image.endswith(":latest"), f"{where}: latest tag"
        resources = c.get("resources") or {}
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources.get(kind) or {}), f"{where} {kind}"


@dataclass(frozen=True)
class Manifest:
    target: str
    objects: list[Obj]

    @property
    def is_overlay(self) -> bool:
        return self.target.startswith("overlays/")

    def of_kind(self, kind: str) -> list[Obj]:
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> Obj:
        found = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(found) == 1, f"{self.target}: expected one {kind}/{name}, found {len(found)}"
        return found[0]

    def find(self, kind: str, name: str) -> Obj | None:
        found = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        return found[0] if found else None

    def workloads(self) -> list[Obj]:
        return [o for o in self.objects if o["kind"] in ("Deployment", "StatefulSet", "DaemonSet")]

    @property
    def gateway(self) -> Obj:
        return self.get("Deployment", GATEWAY)

    @property
    def gateway_container(self) -> Obj:
        found = [c for c in pod_spec(self.gateway)["containers"] if c["name"] == GATEWAY_CONTAINER]
        assert len(found) == 1, f"{self.target}: no container {GATEWAY_CONTAINER!r}"
        return found[0]

    @property
    def gateway_service(self) -> Obj:
        return self.get("Service", GATEWAY)

    def workloads_selected_by(self, selector: Obj, namespace: str | None) -> list[Obj]:
        return [
            w
            for w in self.workloads()
            if w["metadata"].get("namespace") == namespace
            and selector_matches(selector, pod_labels(w))
        ]

    def configmap_files(self, env: dict[str, str]) -> list[tuple[str, str, str]]:
        """(variable, path, content) for every env value that is a file of a ConfigMap the
        gateway mounts; the ConfigMap must exist in the render."""
        volumes = {v["name"]: v for v in pod_spec(self.gateway).get("volumes") or []}
        found = []
        for mount in self.gateway_container.get("volumeMounts") or []:
            source = volumes[mount["name"]].get("configMap")
            if source is None:
                continue
            data = self.get("ConfigMap", source["name"]).get("data") or {}
            for name, value in env.items():
                path = PurePosixPath(value)
                if path.is_absolute() and path.parent == PurePosixPath(mount["mountPath"]):
                    assert path.name in data, f"{name}: no key {path.name} in {source['name']}"
                    found.append((name, value, str(data[path.name])))
        return found

    def gateway_env(self) -> dict[str, str]:
        """The gateway container's environment as the pod would see it: envFrom ConfigMaps
        (which must exist in the render) and literal env entries."""
        env: dict[str, str] = {}
        container = self.gateway_container
        for source in container.get("envFrom") or []:
            ref = source.get("configMapRef")
            if ref is None:
                continue
            configmap = self.get("ConfigMap", ref["name"])
            prefix = source.get("prefix", "")
            env.update({prefix + k: str(v) for k, v in (configmap.get("data") or {}).items()})
        for item in container.get("env") or []:
            if "value" in item:
                env[item["name"]] = str(item["value"])
        return env
