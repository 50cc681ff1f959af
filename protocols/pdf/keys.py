"""The installation's signing certificate: making a self-signed one, and loading it.

Signed PDFs are sealed with one certificate and key per installation, kept as a PKCS#12
file (``settings.PDF_SIGNING_P12``) protected by a passphrase
(``settings.PDF_SIGNING_PASSPHRASE``). Production may use a certificate from a real
authority; ``python manage.py make_signing_cert`` makes a self-signed one for development
and the demo.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

from boards.exceptions import DomainError

#: RSA-3072 is accepted by every PDF reader and by NSS (pdfsig), and is strong enough
#: for the ten years a self-signed certificate lives here.
KEY_SIZE = 3072
DEFAULT_VALIDITY_DAYS = 3650


class SigningConfigurationError(DomainError):
    """The installation's signing certificate is missing, unreadable or locked."""

    status = 503


def create_signing_certificate(
    path: Path, *, passphrase: str, common_name: str, organisation: str, days: int
) -> x509.Certificate:
    """Write a new self-signed certificate and its private key to ``path`` as PKCS#12.

    The certificate is its own issuer, so verifiers trust it directly (pyHanko's trust
    root, an NSS database for pdfsig). The file is readable by its owner only.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        # A little in the past, so a verifier whose clock runs slow still accepts it.
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        # Self-signed, so it must be allowed to sign certificates for path validation to
        # accept it as its own issuer. No extended key usage: NSS (pdfsig) refuses a CA
        # certificate restricted to email protection as a document signer.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=common_name[:64].encode(),
        key=key,
        cert=certificate,
        cas=None,
        # Without a passphrase (a development or demo installation) the file is unencrypted,
        # and readable by its owner only.
        encryption_algorithm=(
            serialization.BestAvailableEncryption(passphrase.encode())
            if passphrase
            else serialization.NoEncryption()
        ),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return certificate


def _configured() -> tuple[Path, bytes]:
    path = Path(settings.PDF_SIGNING_P12)
    if not path.is_file():
        raise SigningConfigurationError(
            "The signing certificate is missing. Create one with "
            "`python manage.py make_signing_cert`, or set PDF_SIGNING_P12 to its file."
        )
    return path, (settings.PDF_SIGNING_PASSPHRASE or "").encode()


def load_signer():
    """Return a pyHanko signer for the installation's certificate and key.

    Raises:
        SigningConfigurationError: the PKCS#12 file is missing or the passphrase is wrong.
    """
    from pyhanko.sign import signers

    path, passphrase = _configured()
    try:
        return signers.SimpleSigner.load_pkcs12_data(path.read_bytes(), set(), passphrase or None)
    except (ValueError, TypeError) as error:
        raise SigningConfigurationError(
            "The signing certificate could not be opened. Check PDF_SIGNING_PASSPHRASE."
        ) from error


def installation_certificate() -> x509.Certificate:
    """Return the installation's signing certificate.

    Raises:
        SigningConfigurationError: the PKCS#12 file is missing or the passphrase is wrong.
    """
    path, passphrase = _configured()
    try:
        _, certificate, _ = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase or None)
    except ValueError as error:
        raise SigningConfigurationError(
            "The signing certificate could not be opened. Check PDF_SIGNING_PASSPHRASE."
        ) from error
    if certificate is None:
        raise SigningConfigurationError("The signing file holds no certificate.")
    return certificate


def certificate_pem(certificate: x509.Certificate) -> str:
    """Return ``certificate`` in PEM form, as stored with each signed document."""
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """Return the SHA-256 fingerprint of ``certificate`` as lower-case hex."""
    return certificate.fingerprint(hashes.SHA256()).hex()


def pem_from_der(der: bytes) -> str:
    """Return a DER-encoded certificate in PEM form."""
    return certificate_pem(x509.load_der_x509_certificate(der))
