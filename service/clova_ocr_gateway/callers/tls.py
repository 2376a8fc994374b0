"""TLS and mutual TLS for the gRPC server, with certificates re-read when they change.

`ServerTls` serves `OCR_TLS_CERT_FILE`/`OCR_TLS_KEY_FILE` and, with `OCR_TLS_CLIENT_CA_FILE`,
requires client certificates signed by that CA bundle. The three files are watched as one group
(cert-manager and Kubernetes secret mounts swap them together); a new, consistent set is handed
to gRPC through `grpc.dynamic_ssl_server_credentials`, whose fetcher gRPC calls on every
handshake, so the fetcher only hands over what the poller prepared and returns None otherwise.
Connections already open keep their session; new handshakes use the new files.

`identity_from_auth_context` turns a verified client certificate into a caller id: the URI SAN
(a SPIFFE ID), else the DNS SAN, else the subject CN.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from clova_ocr_gateway.callers.watched import WatchedFileError, WatchedFiles

__all__ = ["ServerTls", "TlsMaterial", "identity_from_auth_context", "parse_tls_material"]


@dataclass(frozen=True, slots=True)
class TlsMaterial:
    """A consistent set: the key belongs to the first certificate of the chain."""

    certificate_chain: bytes
    private_key: bytes
    client_ca: bytes | None
    not_valid_after: float  # of the server certificate, Unix seconds

    def configuration(self) -> grpc.ServerCertificateConfiguration:
        return grpc.ssl_server_certificate_configuration(
            [(self.private_key, self.certificate_chain)], self.client_ca
        )


def _certificates(data: bytes, source: Path) -> list[x509.Certificate]:
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise WatchedFileError(f"{source}: not a PEM certificate (bundle)") from None
    return certificates


def _public_key_der(key: object) -> bytes:
    public = key.public_key()  # type: ignore[attr-defined]
    der: bytes = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return der


def parse_tls_material(
    contents: Mapping[Path, bytes], cert_file: Path, key_file: Path, client_ca_file: Path | None
) -> TlsMaterial:
    """Check and assemble the files; errors name the file, never quote a key."""
    chain = _certificates(contents[cert_file], cert_file)
    try:
        key = serialization.load_pem_private_key(contents[key_file], password=None)
    except (ValueError, TypeError):
        raise WatchedFileError(
            f"{key_file}: not an unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)"
        ) from None
    if _public_key_der(key) != _public_key_der(chain[0]):
        # Mid-rotation (new certificate, old key) or a wrong mount; gRPC would fail every
        # handshake with it, so the previous pair stays in use.
        raise WatchedFileError(
            f"{key_file}: the key does not belong to the certificate in {cert_file}"
        )
    client_ca = None
    if client_ca_file is not None:
        client_ca = contents[client_ca_file]
        _certificates(client_ca, client_ca_file)
    return TlsMaterial(
        certificate_chain=contents[cert_file],
        private_key=contents[key_file],
        client_ca=client_ca,
        not_valid_after=chain[0].not_valid_after_utc.timestamp(),
    )


class ServerTls:
    """Server credentials whose certificate, key and client CA follow the files."""

    def __init__(
        self,
        cert_file: str | Path,
        key_file: str | Path,
        client_ca_file: str | Path | None = None,
    ) -> None:
        cert, key = Path(cert_file), Path(key_file)
        ca = Path(client_ca_file) if client_ca_file is not None else None
        paths = [cert, key] if ca is None else [cert, key, ca]
        self.files: WatchedFiles[TlsMaterial] = WatchedFiles(
            "tls", paths, lambda contents: parse_tls_material(contents, cert, key, ca)
        )
        self.requires_client_certificates = ca is not None
        self._lock = threading.Lock()
        self._pending: grpc.ServerCertificateConfiguration | None = None
        self.files.add_listener(self._on_reload)

    @property
    def material(self) -> TlsMaterial:
        return self.files.value

    def credentials(self) -> grpc.ServerCredentials:
        """The credentials to pass to `server.add_secure_port`."""
        return grpc.dynamic_ssl_server_credentials(
            self.material.configuration(),
            self._fetch,
            require_client_authentication=self.requires_client_certificates,
        )

    def _on_reload(self, ok: bool) -> None:
        if ok:
            configuration = self.material.configuration()
            with self._lock:
                self._pending = configuration

    def _fetch(self) -> grpc.ServerCertificateConfiguration | None:
        # Called by gRPC (from its own thread) before every handshake: keep it to a swap.
        with self._lock:
            pending, self._pending = self._pending, None
        return pending


def _first(context: Mapping[str, Sequence[bytes]], key: str) -> str | None:
    values = context.get(key)
    if not values:
        return None
    value = values[0]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def identity_from_auth_context(context: Mapping[str, Sequence[bytes]]) -> str | None:
    """The caller id of a verified client certificate: URI SAN (SPIFFE ID), else DNS SAN,
    else the subject CN; None when the connection carries no client certificate.

    gRPC fills these properties only for a certificate its handshake verified against the
    client CA bundle (`peer_uri` and `peer_dns` hold the SANs of those types, in order).
    """
    if _first(context, "transport_security_type") != "ssl":
        return None
    for key in ("peer_spiffe_id", "peer_uri", "peer_dns", "x509_common_name"):
        value = _first(context, key)
        if value:
            return value
    return None
