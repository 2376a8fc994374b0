"""Offline checks of caller authentication in the manifests: the callers overlay mounts the
callers policy and the cluster's JWKS from ConfigMaps (directories, re-read in place), serves
TLS, requires authentication; the example caller gets a projected service-account token whose
audience is the gateway's, no Kubernetes API token, and an identity the policy names."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

import pytest

from clova_ocr_gateway.callers.policy import parse_callers_policy
from clova_ocr_gateway.domains import Domain

from .manifests import (
    CALLER_TARGET,
    Manifest,
    Obj,
    assert_pod_security_restricted,
    pod_labels,
    pod_spec,
    render,
    selector_matches,
)
from .test_kubernetes import kubernetes_validate

CALLERS_OVERLAY = "overlays/example-callers"


@pytest.fixture(scope="module")
def gateway() -> Manifest:
    return render(CALLERS_OVERLAY)


@pytest.fixture(scope="module")
def caller() -> Manifest:
    return render(CALLER_TARGET)


def mounted_file(manifest: Manifest, path: str) -> tuple[Obj, Obj]:
    """(volume, mount) of the gateway volume holding the file at `path`."""
    volumes = {v["name"]: v for v in pod_spec(manifest.gateway)["volumes"]}
    for mount in manifest.gateway_container["volumeMounts"]:
        if PurePosixPath(path).parent == PurePosixPath(mount["mountPath"]):
            return volumes[mount["name"]], mount
    raise AssertionError(f"{path} is in no volume of the gateway")


def test_policy_and_jwks_come_from_configmaps_re_read_in_place(gateway: Manifest) -> None:
    env = gateway.gateway_env()
    for variable in ("OCR_CALLERS_FILE", "OCR_AUTH_JWKS_FILE"):
        volume, mount = mounted_file(gateway, env[variable])
        assert mount.get("readOnly") is True and "subPath" not in mount, variable
        name = volume["configMap"]["name"]
        # A fixed name: an edit reaches the running pods through the volume (no rollout), and
        # the gateway re-reads the file. A hashed name would restart every pod instead.
        configmap = gateway.get("ConfigMap", name)
        assert PurePosixPath(env[variable]).name in configmap["data"], variable
        assert not name.startswith("clova-ocr-gateway-config"), variable


def test_the_policy_in_the_configmap_is_valid(gateway: Manifest) -> None:
    env = gateway.gateway_env()
    files = {name: content for name, _, content in gateway.configmap_files(env)}
    policy = parse_callers_policy(files["OCR_CALLERS_FILE"])
    assert policy.default.domains, "the example lets other authenticated callers in"


def test_the_jwks_holds_public_signing_keys_only(gateway: Manifest) -> None:
    env = gateway.gateway_env()
    files = {name: content for name, _, content in gateway.configmap_files(env)}
    keys = json.loads(files["OCR_AUTH_JWKS_FILE"])["keys"]
    assert keys
    for key in keys:
        assert key["kty"] in ("RSA", "EC") and key.get("alg", "RS256") in ("RS256", "ES256")
        assert key["kid"]
        assert not {"d", "p", "q", "dp", "dq", "qi", "k"} & set(key), "a private key part"


def test_authentication_is_required_over_tls(gateway: Manifest) -> None:
    env = gateway.gateway_env()
    assert env["OCR_AUTH_MODE"] == "required"
    assert env["OCR_AUTH_JWT_ISSUER"].startswith("https://")
    assert env["OCR_AUTH_JWT_AUDIENCE"] == "clova-ocr-gateway"
    cert_volume, _ = mounted_file(gateway, env["OCR_TLS_CERT_FILE"])
    key_volume, _ = mounted_file(gateway, env["OCR_TLS_KEY_FILE"])
    assert cert_volume is key_volume
    secret = cert_volume["secret"]
    assert secret["secretName"] == "clova-ocr-gateway-tls"
    assert secret.get("defaultMode", 0o644) & 0o007 == 0, "the key must not be world-readable"
    assert PurePosixPath(env["OCR_TLS_CERT_FILE"]).name == "tls.crt"  # kubernetes.io/tls keys


def test_the_caller_manifests_validate_against_kubernetes_schemas(caller: Manifest) -> None:
    kv = kubernetes_validate()
    for obj in caller.objects:
        kv.validate(obj, "1.30.0", strict=True)


def caller_deployment(caller: Manifest) -> Obj:
    (workload,) = caller.workloads()
    return workload


def token_sources(workload: Obj) -> list[dict[str, Any]]:
    spec = pod_spec(workload)
    return [
        source["serviceAccountToken"]
        for volume in spec.get("volumes") or []
        for source in (volume.get("projected") or {}).get("sources") or []
        if "serviceAccountToken" in source
    ]


def test_the_caller_gets_a_token_for_the_gateway_and_none_for_the_api(
    caller: Manifest, gateway: Manifest
) -> None:
    workload = caller_deployment(caller)
    assert_pod_security_restricted(workload)
    (token,) = token_sources(workload)
    assert token["audience"] == gateway.gateway_env()["OCR_AUTH_JWT_AUDIENCE"]
    # Short-lived: the kubelet refreshes it at 80% of its life (the minimum is 600 s).
    assert 600 <= token["expirationSeconds"] <= 86400
    spec = pod_spec(workload)
    account = caller.get("ServiceAccount", spec["serviceAccountName"])
    assert account.get("automountServiceAccountToken") is False
    assert spec.get("automountServiceAccountToken") is False
    env = {e["name"]: e.get("value", "") for c in spec["containers"] for e in c.get("env") or []}
    volume = next(v for v in spec["volumes"] if "projected" in v)
    mounts = [m for c in spec["containers"] for m in c["volumeMounts"]]
    (mount,) = [m for m in mounts if m["name"] == volume["name"]]
    assert env["CLOVA_OCR_TOKEN_FILE"] == f"{mount['mountPath']}/{token['path']}"


def test_the_callers_identity_is_an_entry_of_the_policy_with_its_domains(
    caller: Manifest, gateway: Manifest
) -> None:
    workload = caller_deployment(caller)
    namespace = workload["metadata"]["namespace"]
    identity = f"system:serviceaccount:{namespace}:{pod_spec(workload)['serviceAccountName']}"
    env = gateway.gateway_env()
    files = {name: content for name, _, content in gateway.configmap_files(env)}
    policy = parse_callers_policy(files["OCR_CALLERS_FILE"])
    assert identity in policy.names
    entry = policy.for_caller(identity)
    assert entry.permits(Domain.RECEIPT) and entry.quotas


def test_the_callers_namespace_may_reach_the_gateway(caller: Manifest, gateway: Manifest) -> None:
    workload = caller_deployment(caller)
    namespace = caller.get("Namespace", workload["metadata"]["namespace"])
    labels = namespace["metadata"]["labels"]
    policies = [
        p
        for p in gateway.of_kind("NetworkPolicy")
        if selector_matches(p["spec"]["podSelector"], pod_labels(gateway.gateway))
        and p["spec"]["podSelector"]
    ]
    admitted = [
        peer
        for p in policies
        for rule in p["spec"].get("ingress") or []
        for peer in rule.get("from") or []
        if "namespaceSelector" in peer and selector_matches(peer["namespaceSelector"], labels)
    ]
    assert admitted, "no NetworkPolicy lets the caller's namespace reach the gateway"
