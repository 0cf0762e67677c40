"""Pseudonymous keys: raw identifiers and names never reach the store."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from opsreport.settings import secret_key


def normalise_identifier(raw: str) -> str:
    """Case, accents and spacing must not make one document number two people."""
    text = unicodedata.normalize("NFKD", str(raw)).encode("ascii", "ignore").decode()
    return "".join(text.split()).upper()


def person_key(raw_identifier: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of the normalised identifier with the installation secret, hex, 32 chars."""
    secret = key if key is not None else secret_key()
    digest = hmac.new(secret, normalise_identifier(raw_identifier).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
