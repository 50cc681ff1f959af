"""Create the installation's self-signed signing certificate (for development and the demo)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from protocols.pdf.keys import (
    DEFAULT_VALIDITY_DAYS,
    certificate_fingerprint,
    certificate_pem,
    create_signing_certificate,
)


class Command(BaseCommand):
    help = (
        "Create a self-signed certificate and key for sealing signed protocol PDFs, as a "
        "PKCS#12 file protected by PDF_SIGNING_PASSPHRASE (or a new passphrase, printed once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            help="Where to write the PKCS#12 file (default: the PDF_SIGNING_P12 setting).",
        )
        parser.add_argument(
            "--common-name",
            help="The certificate's name (default: the service and council names).",
        )
        parser.add_argument("--days", type=int, default=DEFAULT_VALIDITY_DAYS)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an existing file. PDFs signed with the old certificate stay "
            "verifiable, because each signed document records its certificate.",
        )

    def handle(self, *args, **options):
        path = Path(options["out"] or settings.PDF_SIGNING_P12)
        if path.exists() and not options["force"]:
            raise CommandError(f"{path} already exists. Use --force to replace it.")
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        passphrase = settings.PDF_SIGNING_PASSPHRASE
        generated = not passphrase
        if generated:
            passphrase = secrets.token_urlsafe(24)
        common_name = options["common_name"] or f"{settings.SERVICE_NAME} document signing"
        certificate = create_signing_certificate(
            path,
            passphrase=passphrase,
            common_name=common_name,
            organisation=settings.COUNCIL_NAME,
            days=options["days"],
        )
        # The public half, for anyone who wants to trust it in a PDF reader or pdfsig.
        pem_path = path.with_suffix(".cert.pem")
        pem_path.write_text(certificate_pem(certificate))
        self.stdout.write(self.style.SUCCESS(f"Wrote the signing certificate and key to {path}"))
        self.stdout.write(f"Wrote the certificate alone to {pem_path}")
        self.stdout.write(f"SHA-256 fingerprint: {certificate_fingerprint(certificate)}")
        if generated:
            self.stdout.write("")
            self.stdout.write("PDF_SIGNING_PASSPHRASE was not set, so one was generated:")
            self.stdout.write(f"  PDF_SIGNING_PASSPHRASE={passphrase}")
            self.stdout.write("Store it now in the environment; it is not shown again.")
