"""Protocols as PDF: safe rendering, PAdES signatures, and checking an uploaded copy.

``render`` turns a version into a tagged A4 PDF (and offers the safe renderer to other
apps); ``fetcher`` keeps WeasyPrint from reading anything but static files; ``keys``
holds the installation's signing certificate; ``sign`` seals and stores a fully signed
version's PDF once; ``verify`` tells whether an uploaded file is one of them, intact.
Nothing is imported here, so importing the package does not load WeasyPrint or pyHanko.
"""

import logging

# WeasyPrint reports each layout step at INFO (its default style sheet too, as it is
# imported); they are not news in a server's log. Set before any module here imports it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
