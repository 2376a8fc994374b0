"""Offline checks of deploy/kubernetes: every kustomize target renders, every object validates
against the Kubernetes OpenAPI schemas (kubernetes-validate, strict), the Prometheus Operator
objects are checked structurally, and all cross-references (labels, selectors, ports, ConfigMap,
Secret, grace arithmetic) line up."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .manifests import (
    CONFIGMAP_PREFIX,
    GATEWAY,
    Manifest,
    Obj,
    assert_pod_security_restricted,
    pod_labels,
    pod_spec,
    port_exists,
    selector_matches,
)
from .tools import REPO, hadolint_command, kustomize_command, missing_tool

# Oldest Kubernetes the manifests support (the preStop `sleep` action is on by default from
# 1.30) and the newest schemas kubernetes-validate ships.
MIN_KUBERNETES = "1.30.0"
SECRET_MOUNT = "/var/run/secrets/clova-ocr"
NAMESPACE = "clova-ocr"
CRD_KINDS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"),
    ("monitoring.coreos.com/v1", "PrometheusRule"),
}
DURATION = re.compile(r"^((\d+)(ms|s|m|h|d|w|y))+$")  # Prometheus duration
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
DOMAINS = (
    "RECEIPT",
    "CREDIT_CARD",
    "NAME_CARD",
    "BIZ_LICENSE",
    "ID_CARD",
    "MEDICAL_RECEIPT",
    "PASSPORT",
)


def kubernetes_validate() -> Any:
    try:
        import kubernetes_validate as kv
    except ImportError:
        missing_tool("kubernetes-validate (pip install kubernetes-validate)")
    return kv


# --------------------------------------------------------------------------------------------
# Schemas


def test_every_object_validates_against_kubernetes_schemas(manifest: Manifest) -> None:
    kv = kubernetes_validate()
    versions = sorted({MIN_KUBERNETES, kv.latest_version()})
    failures: list[str] = []
    for obj in manifest.objects:
        if (obj["apiVersion"], obj["kind"]) in CRD_KINDS:
            continue  # not in kubernetes-validate's schemas: see the structural tests below
        name = f"{obj['kind']}/{obj['metadata']['name']}"
        for version in versions:
            try:
                kv.validate(obj, version, strict=True)
            except kv.ValidationError as e:
                path = ".".join(str(p) for p in e.path)
                failures.append(f"{name} (k8s {version}) at {path}: {e.message}")
            except kv.SchemaNotFoundError:
                failures.append(f"{name}: no schema for {obj['apiVersion']} in k8s {version}")
    assert not failures, f"{manifest.target}:\n" + "\n".join(failures)


def test_only_known_kinds(manifest: Manifest) -> None:
    kinds = {o["kind"] for o in manifest.objects}
    expected = {
        "ServiceAccount",
        "ConfigMap",
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "ServiceMonitor",
        "PrometheusRule",
    }
    assert expected <= kinds, f"{manifest.target} lacks {expected - kinds}"
    if manifest.is_overlay:
        assert {"Namespace", "Secret"} <= kinds


def test_names_are_valid_and_unique(manifest: Manifest) -> None:
    seen: set[tuple[str, str | None, str]] = set()
    for obj in manifest.objects:
        meta = obj["metadata"]
        key = (obj["kind"], meta.get("namespace"), meta["name"])
        assert key not in seen, f"duplicate {key}"
        seen.add(key)
        assert DNS1123_SUBDOMAIN.match(meta["name"]) and len(meta["name"]) <= 253, key
    for svc in manifest.of_kind("Service"):
        assert DNS1123_LABEL.match(svc["metadata"]["name"]), "Service names are DNS labels"


def test_servicemonitor_structure(manifest: Manifest) -> None:
    (monitor,) = manifest.of_kind("ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    spec = monitor["spec"]
    assert set(spec) <= {
        "selector",
        "endpoints",
        "namespaceSelector",
        "jobLabel",
        "targetLabels",
        "podTargetLabels",
        "sampleLimit",
    }, f"unexpected ServiceMonitor fields {set(spec)}"
    assert isinstance(spec["selector"].get("matchLabels"), dict) and spec["selector"]["matchLabels"]
    assert spec["endpoints"], "ServiceMonitor has no endpoints"
    for endpoint in spec["endpoints"]:
        assert set(endpoint) <= {
            "port",
            "path",
            "scheme",
            "interval",
            "scrapeTimeout",
            "honorLabels",
            "relabelings",
            "metricRelabelings",
        }, f"unexpected endpoint fields {set(endpoint)}"
        assert isinstance(endpoint["port"], str), "endpoint.port is a Service port *name*"
        assert endpoint.get("path", "/metrics").startswith("/")
        assert endpoint.get("scheme", "http") in ("http", "https")
        for key in ("interval", "scrapeTimeout"):
            if key in endpoint:
                assert DURATION.match(endpoint[key]), f"{key}={endpoint[key]!r}"
        if "interval" in endpoint and "scrapeTimeout" in endpoint:
            assert seconds(endpoint["scrapeTimeout"]) <= seconds(endpoint["interval"])


def test_prometheusrule_structure(manifest: Manifest) -> None:
    rules = manifest.of_kind("PrometheusRule")
    assert rules, "no PrometheusRule (deploy/kubernetes/base/prometheusrule.yaml)"
    for rule_obj in rules:
        assert rule_obj["apiVersion"] == "monitoring.coreos.com/v1"
        groups = rule_obj["spec"]["groups"]
        assert isinstance(groups, list) and groups
        names = [g["name"] for g in groups]
        assert len(names) == len(set(names)), "rule group names must be unique"
        for group in groups:
            assert set(group) <= {"name", "interval", "rules", "limit", "partial_response_strategy"}
            if "interval" in group:
                assert DURATION.match(group["interval"])
            assert group["rules"], f"group {group['name']} has no rules"
            for rule in group["rules"]:
                kinds = {"alert", "record"} & set(rule)
                assert len(kinds) == 1, f"rule needs exactly one of alert/record: {rule}"
                assert set(rule) <= {
                    "alert",
                    "record",
                    "expr",
                    "for",
                    "keep_firing_for",
                    "labels",
                    "annotations",
                }, f"unexpected rule fields {set(rule)}"
                assert str(rule["expr"]).strip(), f"empty expr in {rule}"
                for key in ("for", "keep_firing_for"):
                    if key in rule:
                        assert DURATION.match(rule[key]), f"{key}={rule[key]!r}"
                if "record" in rule:
                    assert re.match(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$", rule["record"])
                    assert "for" not in rule and "annotations" not in rule
                for key in ("labels", "annotations"):
                    for k, v in (rule.get(key) or {}).items():
                        assert isinstance(k, str) and isinstance(v, str), f"{key} {k}: {v!r}"


def seconds(duration: str) -> float:
    unit = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    return sum(int(n) * unit[u] for n, u in re.findall(r"(\d+)(ms|s|m|h|d|w|y)", duration))


# --------------------------------------------------------------------------------------------
# Namespace and Pod Security


def test_overlay_namespace_and_pod_security_labels(manifest: Manifest) -> None:
    if not manifest.is_overlay:
        # The base is namespace-agnostic: the overlay (or `kubectl -n`) picks the namespace.
        assert not manifest.of_kind("Namespace")
        assert all("namespace" not in o["metadata"] for o in manifest.objects)
        return
    (namespace,) = manifest.of_kind("Namespace")
    assert namespace["metadata"]["name"] == NAMESPACE
    labels = namespace["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    for obj in manifest.objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"].get("namespace") == NAMESPACE, obj["metadata"]["name"]


def test_pod_security_restricted(manifest: Manifest) -> None:
    """The Pod Security Standard "restricted", checked for every workload and container."""
    for workload in manifest.workloads():
        assert_pod_security_restricted(workload)


def test_gateway_writes_only_to_tmp(manifest: Manifest) -> None:
    spec = pod_spec(manifest.gateway)
    volumes = {v["name"]: v for v in spec["volumes"]}
    mounts = {m["mountPath"]: m for m in manifest.gateway_container["volumeMounts"]}
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]]
    writable = [p for p, m in mounts.items() if not m.get("readOnly")]
    assert writable == ["/tmp"], f"writable mounts: {writable}"


def test_gateway_image_reference(manifest: Manifest) -> None:
    image = manifest.gateway_container["image"]
    assert image.rsplit("/", 1)[-1].startswith(f"{GATEWAY}:")
    if manifest.is_overlay:
        assert image == "registry.example.com/platform/clova-ocr-gateway:0.1.0"


# --------------------------------------------------------------------------------------------
# Probes, ports and graceful shutdown


def test_probes_are_grpc_with_distinct_services(manifest: Manifest) -> None:
    """Native gRPC probes on OCR_PORT, or on OCR_HEALTH_PORT when set; with TLS on OCR_PORT
    they must use OCR_HEALTH_PORT, since kubelet's gRPC probes cannot speak TLS."""
    container = manifest.gateway_container
    env = manifest.gateway_env()
    if "OCR_TLS_CERT_FILE" in env:
        assert "OCR_HEALTH_PORT" in env, "TLS on OCR_PORT: probes need OCR_HEALTH_PORT"
    probe_port = int(env.get("OCR_HEALTH_PORT") or env.get("OCR_PORT", "50051"))
    probes = {k: container.get(k) for k in ("startupProbe", "readinessProbe", "livenessProbe")}
    for kind, probe in probes.items():
        assert probe and "grpc" in probe, f"{kind} must be a native gRPC probe"
        assert set(probe) & {"httpGet", "tcpSocket", "exec"} == set(), kind
        assert probe["grpc"]["port"] == probe_port, f"{kind} port != OCR_HEALTH_PORT/OCR_PORT"
    assert probes["readinessProbe"]["grpc"]["service"] == "readiness"
    assert probes["livenessProbe"]["grpc"]["service"] == "liveness"
    assert probes["startupProbe"]["grpc"]["service"] == "liveness"
    startup = probes["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 30, "startup budget < 30s"


def test_container_ports_match_config(manifest: Manifest) -> None:
    env = manifest.gateway_env()
    ports = {p["name"]: p for p in manifest.gateway_container["ports"]}
    assert ports["grpc"]["containerPort"] == int(env["OCR_PORT"]) == 50051
    assert ports["metrics"]["containerPort"] == int(env["OCR_METRICS_PORT"]) == 9464
    if "OCR_HEALTH_PORT" in env:
        assert ports["health"]["containerPort"] == int(env["OCR_HEALTH_PORT"])
    else:
        assert "health" not in ports


def test_termination_grace_covers_prestop_and_drain(manifest: Manifest) -> None:
    spec = pod_spec(manifest.gateway)
    env = manifest.gateway_env()
    pre_stop = manifest.gateway_container["lifecycle"]["preStop"]
    assert set(pre_stop) == {"sleep"}, "preStop must be the native sleep action (no shell)"
    sleep = pre_stop["sleep"]["seconds"]
    assert sleep >= 1
    drain = float(env["OCR_SHUTDOWN_GRACE_SECONDS"])
    assert drain >= 1
    # Time the gateway keeps serving after SIGTERM before it stops its server (0 when unset).
    delay = float(env.get("OCR_DRAIN_DELAY_SECONDS", "0"))
    assert spec["terminationGracePeriodSeconds"] > sleep + delay + drain, (
        f"terminationGracePeriodSeconds={spec['terminationGracePeriodSeconds']} must exceed "
        f"preStop {sleep}s + OCR_DRAIN_DELAY_SECONDS {delay}s + OCR_SHUTDOWN_GRACE_SECONDS {drain}s"
    )


def test_replicas_topology_and_rollout(manifest: Manifest) -> None:
    deployment = manifest.gateway
    spec = deployment["spec"]
    assert spec["replicas"] >= 2
    assert selector_matches(spec["selector"], pod_labels(deployment))
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    constraints = pod_spec(deployment)["topologySpreadConstraints"]
    keys = {c["topologyKey"] for c in constraints}
    assert {"kubernetes.io/hostname", "topology.kubernetes.io/zone"} <= keys
    for constraint in constraints:
        assert selector_matches(constraint["labelSelector"], pod_labels(deployment))


# --------------------------------------------------------------------------------------------
# Service, ServiceMonitor, HPA, PDB: selectors and ports


def test_service_is_headless_and_targets_container_ports(manifest: Manifest) -> None:
    service = manifest.gateway_service
    spec = service["spec"]
    assert spec["clusterIP"] == "None", "headless, for client-side round robin"
    assert not spec.get("publishNotReadyAddresses"), "draining pods must leave DNS"
    deployment = manifest.gateway
    assert spec["selector"].items() <= pod_labels(deployment).items()
    ports = {p["name"]: p for p in spec["ports"]}
    assert ports["grpc"]["appProtocol"] == "kubernetes.io/h2c"
    assert ports["metrics"]["appProtocol"] == "http"
    env = manifest.gateway_env()
    assert ports["grpc"]["port"] == int(env["OCR_PORT"])
    assert ports["metrics"]["port"] == int(env["OCR_METRICS_PORT"])
    for svc in manifest.of_kind("Service"):
        selected = [
            w
            for w in manifest.workloads()
            if svc["spec"]["selector"].items() <= pod_labels(w).items()
        ]
        assert len(selected) == 1, f"Service {svc['metadata']['name']} selects {len(selected)}"
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            assert port_exists(selected[0], target, port.get("protocol", "TCP")), (
                f"Service {svc['metadata']['name']} targetPort {target!r} is no container port"
            )


def test_servicemonitor_selects_the_service_metrics_port(manifest: Manifest) -> None:
    (monitor,) = manifest.of_kind("ServiceMonitor")
    namespace = monitor["metadata"].get("namespace")
    services = [
        s
        for s in manifest.of_kind("Service")
        if s["metadata"].get("namespace") == namespace
        and selector_matches(monitor["spec"]["selector"], s["metadata"].get("labels") or {})
    ]
    assert [s["metadata"]["name"] for s in services] == [GATEWAY]
    port_names = {p["name"] for p in services[0]["spec"]["ports"]}
    for endpoint in monitor["spec"]["endpoints"]:
        assert endpoint["port"] in port_names
    assert [e["port"] for e in monitor["spec"]["endpoints"]] == ["metrics"]


def test_hpa_targets_the_deployment(manifest: Manifest) -> None:
    (hpa,) = manifest.of_kind("HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    ref = hpa["spec"]["scaleTargetRef"]
    assert (ref["apiVersion"], ref["kind"], ref["name"]) == ("apps/v1", "Deployment", GATEWAY)
    assert hpa["spec"]["minReplicas"] >= 2
    assert hpa["spec"]["maxReplicas"] >= hpa["spec"]["minReplicas"]
    assert manifest.gateway["spec"]["replicas"] == hpa["spec"]["minReplicas"]
    metrics = hpa["spec"]["metrics"]
    assert any(m["type"] == "Resource" and m["resource"]["name"] == "cpu" for m in metrics), (
        "HPA scales on CPU"
    )
    assert manifest.gateway_container["resources"]["requests"]["cpu"], "CPU % needs a request"


def test_pdb_selects_the_gateway_pods(manifest: Manifest) -> None:
    (pdb,) = manifest.of_kind("PodDisruptionBudget")
    selected = manifest.workloads_selected_by(
        pdb["spec"]["selector"], pdb["metadata"].get("namespace")
    )
    assert [w["metadata"]["name"] for w in selected] == [GATEWAY]
    spec = pdb["spec"]
    if "minAvailable" in spec:
        assert spec["minAvailable"] < manifest.gateway["spec"]["replicas"], "would block drains"
    else:
        assert spec["maxUnavailable"] >= 1


# --------------------------------------------------------------------------------------------
# NetworkPolicy


def _port_allowed(rules: list[Obj], port: int, protocol: str = "TCP") -> list[Obj]:
    """Rules allowing `port` (a rule without ports allows all ports)."""
    return [
        r
        for r in rules
        if not r.get("ports")
        or any(p.get("port") == port and p.get("protocol", "TCP") == protocol for p in r["ports"])
    ]


def test_namespace_default_deny(manifest: Manifest) -> None:
    deny = [
        p
        for p in manifest.of_kind("NetworkPolicy")
        if p["spec"]["podSelector"] == {}
        and set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
    ]
    assert len(deny) == 1, "one default-deny policy for the namespace"


def test_network_policies_select_pods_and_existing_ports(manifest: Manifest) -> None:
    for policy in manifest.of_kind("NetworkPolicy"):
        name = policy["metadata"]["name"]
        namespace = policy["metadata"].get("namespace")
        if policy["spec"]["podSelector"] == {}:
            continue
        selected = manifest.workloads_selected_by(policy["spec"]["podSelector"], namespace)
        assert selected, f"NetworkPolicy {name} selects no pods"
        for rule in policy["spec"].get("ingress") or []:
            for port in rule.get("ports") or []:
                for workload in selected:
                    assert port_exists(workload, port["port"], port.get("protocol", "TCP")), (
                        f"{name}: ingress port {port['port']} not on {workload['metadata']['name']}"
                    )
        for rule in policy["spec"].get("egress") or []:
            for peer in rule.get("to") or []:
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    peers = manifest.workloads_selected_by(peer["podSelector"], namespace)
                    assert peers, f"{name}: egress podSelector matches no pod"
                    for port in rule.get("ports") or []:
                        for workload in peers:
                            assert port_exists(workload, port["port"], port.get("protocol", "TCP"))
            for peer in rule.get("to") or []:
                assert set(peer) != {"ipBlock"} or peer["ipBlock"]["cidr"], name
            assert rule.get("ports"), f"{name}: egress rule without ports allows everything"


def _gateway_policies(manifest: Manifest) -> list[Obj]:
    labels = pod_labels(manifest.gateway)
    return [
        p
        for p in manifest.of_kind("NetworkPolicy")
        if p["spec"]["podSelector"] != {} and selector_matches(p["spec"]["podSelector"], labels)
    ]


def test_gateway_ingress_only_from_clients_and_monitoring(manifest: Manifest) -> None:
    ingress = [r for p in _gateway_policies(manifest) for r in p["spec"].get("ingress") or []]
    grpc = _port_allowed(ingress, 50051)
    metrics = _port_allowed(ingress, 9464)
    assert [peer for r in grpc for peer in r["from"]] == [
        {"namespaceSelector": {"matchLabels": {"clova-ocr-gateway/client": "true"}}}
    ]
    assert [peer for r in metrics for peer in r["from"]] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
    ]
    for rule in ingress:
        assert rule.get("from") and rule.get("ports"), "no open ingress rule"


def test_gateway_egress_only_dns_https_and_redis(manifest: Manifest) -> None:
    egress = [r for p in _gateway_policies(manifest) for r in p["spec"].get("egress") or []]
    allowed = {(p.get("protocol", "TCP"), p["port"]) for r in egress for p in r["ports"]}
    expected = {("UDP", 53), ("TCP", 53), ("TCP", 443)}
    redis = manifest.target.endswith("redis")
    if redis:
        expected.add(("TCP", 6379))
    assert allowed == expected
    if redis:
        (rule,) = _port_allowed(egress, 6379)
        assert rule["to"] and all(set(peer) == {"podSelector"} for peer in rule["to"])


# --------------------------------------------------------------------------------------------
# Configuration and secrets


def test_configmap_is_generated_and_referenced(manifest: Manifest) -> None:
    refs = [s["configMapRef"]["name"] for s in manifest.gateway_container["envFrom"]]
    assert len(refs) == 1 and refs[0].startswith(CONFIGMAP_PREFIX + "-"), refs
    configmap = manifest.get("ConfigMap", refs[0])  # the hashed name resolves
    assert all(isinstance(v, str) for v in configmap["data"].values())
    env = manifest.gateway_env()
    for key in ("OCR_PORT", "OCR_METRICS_PORT"):
        assert env[key].isdigit(), key
    assert float(env["OCR_SHUTDOWN_GRACE_SECONDS"]) > 0


def test_secrets_are_files_never_env(manifest: Manifest) -> None:
    container = manifest.gateway_container
    for source in container.get("envFrom") or []:
        assert "secretRef" not in source, "secrets must not be env (no rotation without restart)"
    for item in container.get("env") or []:
        assert "secretKeyRef" not in (item.get("valueFrom") or {}), item["name"]
    env = manifest.gateway_env()
    plain = [k for k in env if re.fullmatch(r"OCR_[A-Z_]+_SECRET", k)]
    assert not plain, f"secret values in the ConfigMap: {plain}"

    volumes = {v["name"]: v for v in pod_spec(manifest.gateway)["volumes"]}
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == SECRET_MOUNT]
    assert mount.get("readOnly") is True
    assert "subPath" not in mount, "subPath mounts never see rotated secrets"
    secret_volume = volumes[mount["name"]]["secret"]
    assert secret_volume["secretName"] == "clova-ocr-gateway-secrets"
    assert secret_volume.get("defaultMode", 0o644) & 0o007 == 0, "not world-readable"


def test_domain_urls_and_secret_files_pair_up(manifest: Manifest) -> None:
    env = manifest.gateway_env()
    configured = {d for d in DOMAINS if f"OCR_{d}_INVOKE_URL" in env}
    with_files = {d for d in DOMAINS if f"OCR_{d}_SECRET_FILE" in env}
    assert configured == with_files, "each invoke URL needs a secret file and vice versa"
    unknown = {
        k
        for k in env
        if re.fullmatch(r"OCR_.+_(INVOKE_URL|SECRET_FILE)", k)
        and k.split("_", 1)[1].rsplit("_", 2)[0] not in DOMAINS
    }
    assert not unknown, f"unknown domains: {unknown}"
    if manifest.is_overlay:
        assert configured, "the example overlay configures at least one domain"
    secret = manifest.find("Secret", "clova-ocr-gateway-secrets")
    keys = set((secret or {}).get("data") or {}) | set((secret or {}).get("stringData") or {})
    for domain in configured:
        url = urlsplit(env[f"OCR_{domain}_INVOKE_URL"])
        assert url.scheme == "https" and url.hostname, domain
        path = PurePosixPath(env[f"OCR_{domain}_SECRET_FILE"])
        assert path.is_absolute() and path.parent == PurePosixPath(SECRET_MOUNT), (
            f"OCR_{domain}_SECRET_FILE={path} is not a file in the Secret mount {SECRET_MOUNT}"
        )
        if manifest.is_overlay:
            assert path.name in keys, f"Secret has no key {path.name!r} for {domain}"


def test_redis_component_wiring(manifest: Manifest) -> None:
    env = manifest.gateway_env()
    if not manifest.target.endswith("redis"):
        assert "OCR_REDIS_URL" not in env
        assert manifest.find("Deployment", "clova-ocr-gateway-redis") is None
        return
    url = urlsplit(env["OCR_REDIS_URL"])
    assert url.scheme == "redis"
    service = manifest.get("Service", url.hostname or "")
    assert url.port in [p["port"] for p in service["spec"]["ports"]]
    redis = manifest.get("Deployment", "clova-ocr-gateway-redis")
    assert service["spec"]["selector"].items() <= pod_labels(redis).items()
    assert not selector_matches(manifest.gateway["spec"]["selector"], pod_labels(redis))
    # Redis accepts only the gateway pods, and has no egress at all.
    policies = [
        p
        for p in manifest.of_kind("NetworkPolicy")
        if p["spec"]["podSelector"] != {}
        and selector_matches(p["spec"]["podSelector"], pod_labels(redis))
    ]
    assert policies
    for policy in policies:
        assert "Egress" in policy["spec"]["policyTypes"] and not policy["spec"].get("egress")
        for rule in policy["spec"]["ingress"]:
            for peer in rule["from"]:
                assert set(peer) == {"podSelector"}
                assert selector_matches(peer["podSelector"], pod_labels(manifest.gateway))


# --------------------------------------------------------------------------------------------
# scripts/validate_deploy.sh


def test_validate_script(tmp_path: Path) -> None:
    """The script a person runs (render + kubernetes-validate + hadolint) passes, and keeps the
    rendered manifests with --out."""
    kubernetes_validate()
    kustomize_command()
    hadolint_command()
    result = subprocess.run(
        [
            "bash",
            str(REPO / "scripts" / "validate_deploy.sh"),
            "--no-tests",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHON": sys.executable},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rendered = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert rendered == [
        "base.yaml",
        "caller-example.yaml",
        "overlays-example-callers.yaml",
        "overlays-example-redis.yaml",
        "overlays-example.yaml",
    ]


def _memory_bytes(quantity: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 10**3, "M": 10**6, "G": 10**9}
    for suffix, factor in units.items():
        if quantity.endswith(suffix):
            return int(float(quantity[: -len(suffix)]) * factor)
    return int(quantity)


def test_memory_budget_and_limits_follow_the_one_formula(manifest: Manifest) -> None:
    """docs/deploy.md "Memory": receive limit = the larger of the image and document limits +
    envelope; the in-flight budget holds whole messages; container memory (request = limit)
    >= base + factor x budget + the conversion budget (the gateway's default when the ConfigMap
    leaves it out)."""
    from clova_ocr_gateway.admission.memory import memory_needed_for, receive_limit_for
    from clova_ocr_gateway.config.settings import Settings

    env = manifest.gateway_env()
    image = int(env["OCR_MAX_IMAGE_BYTES"])
    # Set explicitly: the gateway's default (50 MiB) would raise the receive limit.
    document = int(env["OCR_MAX_DOCUMENT_BYTES"])
    receive = int(env["OCR_MAX_RECEIVE_MESSAGE_BYTES"])
    budget = int(env["OCR_MAX_INFLIGHT_BYTES"])
    conversion = int(
        env.get("OCR_CONVERSION_MEMORY_BYTES", str(Settings().conversion_memory_bytes))
    )
    needed = memory_needed_for(budget, conversion)
    resources = manifest.gateway_container["resources"]
    limit = _memory_bytes(resources["limits"]["memory"])
    request = _memory_bytes(resources["requests"]["memory"])
    assert receive == receive_limit_for(image, document), "OCR_MAX_RECEIVE_MESSAGE_BYTES"
    assert budget >= receive and budget % receive == 0, "OCR_MAX_INFLIGHT_BYTES: whole messages"
    assert limit >= needed, (
        f"memory limit {limit} below {needed} for OCR_MAX_INFLIGHT_BYTES {budget} and "
        f"OCR_CONVERSION_MEMORY_BYTES {conversion}"
    )
    assert request == limit, "memory request and limit differ"


def test_rendered_env_is_accepted_by_the_gateway_config(manifest: Manifest, tmp_path: Path) -> None:
    """Feed the pod's environment to the real settings loader. Secret files are recreated under
    tmp_path from the rendered Secret (or a dummy for the base, which has no Secret)."""
    from clova_ocr_gateway.config import settings as config

    env = manifest.gateway_env()
    secret = manifest.find("Secret", "clova-ocr-gateway-secrets") or {}
    values = dict(secret.get("stringData") or {})
    for key, value in (secret.get("data") or {}).items():
        values[key] = base64.b64decode(value).decode()
    for name, path in list(env.items()):
        if name.endswith("_SECRET_FILE"):
            local = tmp_path / PurePosixPath(path).relative_to(SECRET_MOUNT)
            local.write_text(values.get(local.name, "dummy-secret") + "\n")
            env[name] = str(local)
    # Files the pod reads from mounted ConfigMaps (the callers policy, the cluster's JWKS).
    for name, _path, content in manifest.configmap_files(env):
        local = tmp_path / "configmaps" / name
        local.parent.mkdir(exist_ok=True)
        local.write_text(content)
        env[name] = str(local)
    settings = config.load_settings(env)
    assert settings.port == int(env["OCR_PORT"])
    assert settings.shutdown_grace_seconds == float(env["OCR_SHUTDOWN_GRACE_SECONDS"])
    configured = [d for d in settings.domains if settings.domain(d).configured]
    assert len(configured) == sum(1 for k in env if k.endswith("_INVOKE_URL"))
    assert (settings.redis_url is not None) == manifest.target.endswith("redis")
    assert (settings.callers_file is not None) == manifest.target.endswith("callers")
