"""The seven CLOVA Document domains: their names in env vars, URLs, responses and metrics.

This module knows nothing of protobuf; `conversion.registry` pairs each domain with its
proto type and converter.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Domain(enum.Enum):
    """A CLOVA Document domain. The value is the domain's one spelling, that of CLOVA's invoke
    path: CLI arguments, health service names (`domain/<value>`), metric labels, logs and policy
    files all use it; only environment variables use the upper-case `env_name`."""

    RECEIPT = "receipt"
    CREDIT_CARD = "credit-card"
    NAME_CARD = "name-card"
    BIZ_LICENSE = "biz-license"
    ID_CARD = "id-card"
    MEDICAL_RECEIPT = "medical-receipt"
    PASSPORT = "passport"


@dataclass(frozen=True, slots=True)
class DomainInfo:
    """Static facts about one domain, straight from the vendor's reference."""

    domain: Domain
    env_name: str  # OCR_<env_name>_INVOKE_URL / _SECRET / _SECRET_FILE
    path: str  # documented invoke path suffix
    response_key: str  # key of the result object inside images[0]

    @property
    def env_prefix(self) -> str:
        """The prefix of the domain's environment variables, e.g. "OCR_CREDIT_CARD"."""
        return f"OCR_{self.env_name}"


DOMAINS: dict[Domain, DomainInfo] = {
    info.domain: info
    for info in (
        DomainInfo(Domain.RECEIPT, "RECEIPT", "/document/receipt", "receipt"),
        DomainInfo(Domain.CREDIT_CARD, "CREDIT_CARD", "/document/credit-card", "creditCard"),
        DomainInfo(Domain.NAME_CARD, "NAME_CARD", "/document/name-card", "nameCard"),
        DomainInfo(Domain.BIZ_LICENSE, "BIZ_LICENSE", "/document/biz-license", "bizLicense"),
        DomainInfo(Domain.ID_CARD, "ID_CARD", "/document/id-card", "idCard"),
        DomainInfo(
            Domain.MEDICAL_RECEIPT, "MEDICAL_RECEIPT", "/document/medical-receipt", "medicalReceipt"
        ),
        DomainInfo(Domain.PASSPORT, "PASSPORT", "/document/passport", "passport"),
    )
}

DOMAIN_BY_PATH: dict[str, Domain] = {info.path: d for d, info in DOMAINS.items()}
