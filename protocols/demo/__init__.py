"""Demo data: the protocols of the four seed papers, made through the protocols services.

Bromley's working agreement (H&WB and BSCB) and Bolton's protocol (BSCB and BHWB) are
approved by both boards, signed by both chairs with demonstration signatures and in
force; West Berkshire's (LSCB, H&WB and Munro Implementation Board) is approved by all
three boards and waiting for signatures; Islington's (HWBB and ISCB) is awaiting the
approval its committee report asks for. Section text summarises the papers; every
obligation and timing the papers set is structured data, and the dates the papers give
are the dates recorded. Meetings, minute references, signing dates and dates of coming
into force that the papers do not give are illustrative, and the records say so.

Every write goes through ``protocols.services`` as the boards' demo log-ins (a business
manager authors, each board's business manager records its approval, and the demo
administrator adds the signatures, which only it may), so the history reads as if people
had done it. Two things the services refuse are written directly: Islington's protocol
has the ISCB as a party although the boards demo has it dissolved in 2019 (see
``islington``), and meetings the boards demo lacks for an approval are added here.

``load()`` runs after ``boards.demo.load``. It finds each protocol by area and reference
and makes only the ones that are missing, whole, in one transaction. A protocol that
exists is left exactly as it is, even when people have moved it on or changed it since:
the demo does not undo their work. A second run therefore writes nothing. The signed
PDFs of the versions every signatory has signed are issued at once (``signed_pdfs``).
"""

from __future__ import annotations

from typing import TextIO

from boards.demo import DemoResult

from .bolton import BOLTON_PROTOCOL
from .bromley import BROMLEY_PROTOCOL
from .islington import ISLINGTON_PROTOCOL
from .loader import DemoDataError, load_protocols
from .signed_pdfs import issue_signed_pdfs
from .west_berkshire import WEST_BERKSHIRE_PROTOCOL

PROTOCOLS = (BROMLEY_PROTOCOL, BOLTON_PROTOCOL, WEST_BERKSHIRE_PROTOCOL, ISLINGTON_PROTOCOL)


def load(stdout: TextIO | None = None) -> DemoResult:
    """Create the seed papers' protocols that are not there yet; return what was made.

    Raises:
        DemoDataError: the boards demo (its areas, boards and log-ins) is not loaded.
    """
    result = load_protocols(PROTOCOLS, stdout=stdout)
    issue_signed_pdfs(PROTOCOLS, result.created, stdout=stdout)
    return result


__all__ = ["PROTOCOLS", "DemoDataError", "load"]
