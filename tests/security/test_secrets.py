"""No secret is kept in the repository: every tracked file is scanned.

Secrets come from the environment (``config/settings/base.py``). The scan looks for
private keys, cloud and service tokens, credentials written into URLs, and passwords or
keys assigned in code or configuration. A few values look like secrets and are not; each
is allowed by its exact file and value, with the reason beside it, so a new one fails.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: patterns that are a secret wherever they appear
SECRET_PATTERNS = {
    "a private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "an AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "an AWS secret access key": re.compile(
        r"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+]{40}", re.IGNORECASE
    ),
    "a GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "a Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "a Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "a Stripe live key": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{16,}"),
}
#: a password written into a URL: scheme://user:password@host
URL_CREDENTIALS = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/:@'\"]+:([^\s/@'\"]+)@")
#: a secret-looking name given a literal value, in code or configuration
ASSIGNED = re.compile(
    r"(?i)\b[A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|PASSPHRASE|API_KEY|TOKEN|PRIVATE_KEY)"
    r"[A-Z0-9_]*\b\s*[:=]\s*[rbf]?['\"]([^'\"\s]{6,})['\"]"
)
#: placeholders in documentation, which show the shape of a setting
PLACEHOLDERS = {"pass", "password", "secret", "user"}
#: values that look like secrets and are not, by file
ALLOWED = {
    # The development key is used only with DEBUG=1; without DEBUG a missing SECRET_KEY
    # stops the application from starting.
    ("config/settings/base.py", "development-only-insecure-key-never-use-in-production"),
    # The test settings' own key, for the test suite only.
    ("config/settings/test.py", "test-only-secret-key-not-for-production-use-0123456789"),
    # The demo's shared password is published on purpose (README, `make run` prints it) and
    # can be replaced with DEMO_PASSWORD.
    ("boards/demo/loader.py", "demo-password-2026"),
    # The PostgreSQL of `docker compose` listens only on the compose network; production
    # takes DATABASE_URL from the environment.
    ("docker-compose.yml", "protocols"),
}
#: kinds of file that hold keys or certificates and must never be tracked
KEY_FILES = (".p12", ".pfx", ".pem", ".key", ".jks", ".keystore", ".env")
#: the tests' own fixtures: a user's password and a test certificate's passphrase
TEST_FOLDER = "tests/"


def tracked_files() -> list[str]:
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
    )
    return [name for name in result.stdout.split("\0") if name]


def findings(path: str, text: str) -> list[str]:
    """Return what in ``text`` (the file at ``path``) looks like a secret and is not allowed."""
    found = [f"{path}: {what}" for what, pattern in SECRET_PATTERNS.items() if pattern.search(text)]
    for match in URL_CREDENTIALS.finditer(text):
        value = match.group(1)
        if value not in PLACEHOLDERS and not value.startswith("$") and (path, value) not in ALLOWED:
            found.append(f"{path}: a password in a URL ({match.group(0)})")
    if not path.startswith(TEST_FOLDER):
        for match in ASSIGNED.finditer(text):
            value = match.group(1)
            if value.lower() in PLACEHOLDERS or (path, value) in ALLOWED:
                continue
            found.append(f"{path}: a literal secret ({match.group(0)})")
    return found


def test_no_tracked_file_holds_a_secret():
    found = []
    for path in tracked_files():
        try:
            text = (ROOT / path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary files (fonts, images, PDFs), or removed in the working tree
        found += findings(path, text)
    assert found == []


def test_no_key_or_certificate_file_is_tracked():
    assert [path for path in tracked_files() if path.lower().endswith(KEY_FILES)] == []


def test_every_allowed_value_is_still_where_it_is_said_to_be():
    stale = [
        (path, value)
        for path, value in sorted(ALLOWED)
        if value not in (ROOT / path).read_text(encoding="utf-8")
    ]
    assert stale == [], "remove these from ALLOWED in tests/security/test_secrets.py"


def test_the_scan_finds_each_kind_of_secret():
    # Written in pieces, so that this file does not hold what it plants.
    planted = "\n".join(
        [
            "-----BEGIN RSA " + "PRIVATE KEY-----",
            "key_id = 'AKIA" + "IOSFODNN7EXAMPLE'",
            "aws_secret_" + "access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYab",
            "token gh" + "p_" + "a" * 36,
            "DATABASE_URL = 'postgres://app:" + "s3cr3t-value@db:5432/app'",
            "EMAIL_HOST_" + 'PASSWORD = "hunter2hunter2"',
        ]
    )
    assert findings("config/settings/base.py", planted) == [
        "config/settings/base.py: a private key",
        "config/settings/base.py: an AWS access key id",
        "config/settings/base.py: an AWS secret access key",
        "config/settings/base.py: a GitHub token",
        "config/settings/base.py: a password in a URL (postgres://app:" + "s3cr3t-value@)",
        'config/settings/base.py: a literal secret (EMAIL_HOST_PASSWORD = "hunter2hunter2")',
    ]


def test_documentation_placeholders_and_environment_references_pass():
    text = (
        "`postgres://user:pass@host:5432/db` and `smtp+tls://user:password@smtp.example.org`\n"
        "SECRET_KEY: ${SECRET_KEY:?set SECRET_KEY}\n"
        "PDF_SIGNING_PASSPHRASE = env.str('PDF_SIGNING_PASSPHRASE', default='')\n"
    )
    assert findings("README.md", text) == []
