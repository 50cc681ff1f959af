"""User-written text cannot run as script in any output: the pages, the protocol PDF, the
committee report's PDF and its .docx.

The same hostile text — a script element, an event-handler attribute and a
``javascript:`` link written both in Markdown and in HTML — goes into every field a person
writes: a protocol's title, a section's heading and text, an obligation, a post holder's
responsibilities, a step of the resolution ladder, a comment, a lead officer's name, and a
report's title, synopsis, recommendations, background, sections and implications. Each
output is read back by a real reader (lxml's HTML parser, pypdf, the .docx package's XML)
and searched for anything live. A real link written beside them must stay a link, so the
search is known to see links at all.
"""

from __future__ import annotations

import io
import re
import zipfile

import lxml.html
import pytest
from django.urls import reverse
from pypdf import PdfReader

from protocols import services as protocol_services
from protocols.models import Section
from protocols.pdf.render import render_version_pdf
from reporting import selectors as report_selectors
from reporting import services as report_services
from reporting.exports import document
from reporting.exports.docx import render_report_docx
from reporting.exports.pdf import render_report_pdf
from tests import factories as f
from tests.reporting.support import make_report

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HANDLER = "<img src=x onerror=alert(1)>"
MARKDOWN_LINK = "[x](javascript:alert(1))"
HTML_LINK = '<a href="javascript:alert(1)">click</a>'
HOSTILE = f"Plain {SCRIPT} {HANDLER} {MARKDOWN_LINK} {HTML_LINK} end"
SAFE_URL = "https://www.gov.uk/guidance"
HOSTILE_MARKDOWN = f"{HOSTILE}\n\nSee [the guidance]({SAFE_URL}).\n\n- {SCRIPT}\n- {HANDLER}"

LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
LIVE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def csp_nonce(response) -> str:
    """Return the nonce the Content-Security-Policy lets this response's own scripts run with."""
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def live_content(html: str, nonce: str = "") -> list[str]:
    """Return every element or attribute in the parsed page that could run script.

    The page's own scripts carry the response's CSP nonce, which no stored text can know.
    """
    found = []
    for element in lxml.html.document_fromstring(html).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        ours = bool(nonce) and element.get("nonce") == nonce
        if tag == "script" and not ours:
            source = element.get("src") or (element.text or "").strip()[:60]
            found.append(f"a script without the page's nonce: {source!r}")
        if tag in ("iframe", "object", "embed"):
            found.append(f"a <{tag}> element")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"an event handler {name}={value!r} on <{tag}>")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in LINK_ATTRIBUTES and squeezed.startswith(LIVE_SCHEMES):
                found.append(f"a live {name}={value!r} on <{tag}>")
        if tag == "img" and element.get("src") == "x":
            found.append("the hostile <img>")
    return found


def page_text(html: str) -> str:
    return " ".join(lxml.html.document_fromstring(html).text_content().split())


def pdf_links(data: bytes) -> tuple[list[str], list[str]]:
    """Return the URIs of the PDF's link annotations, and anything that runs script."""
    reader = PdfReader(io.BytesIO(data))
    uris, live = [], []
    root = reader.trailer["/Root"]
    if "/OpenAction" in root or "/AA" in root:
        live.append("an action when the document opens")
    if "/JavaScript" in (root.get("/Names") or {}):
        live.append("document-level JavaScript")
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind = action.get("/S")
            if kind == "/URI":
                uri = str(action.get("/URI"))
                uris.append(uri)
                if uri.strip().lower().startswith(LIVE_SCHEMES):
                    live.append(f"page {number}: a link to {uri!r}")
            elif kind in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData"):
                live.append(f"page {number}: a {kind} action")
    return uris, live


@pytest.fixture
def hostile_version(cast):
    """A draft protocol whose every written field carries the hostile text."""
    bm = cast.user("business_manager")
    protocol = protocol_services.protocol_create(
        actor=bm,
        area=cast.area_a,
        reference="hostile",
        title=f"Protocol {SCRIPT}",
        purpose=HOSTILE,
        boards=[cast.hwb, cast.scp],
    )
    version = protocol.current_version
    section = protocol_services.section_add(
        actor=bm, version=version, heading=f"Heading {HANDLER}", body=HOSTILE_MARKDOWN
    )
    holders = protocol_services.section_add(
        actor=bm, version=version, heading="Roles", kind=Section.Kind.POST_HOLDERS
    )
    protocol_services.post_responsibility_add(
        actor=bm, section=holders, post_title=f"Chair {SCRIPT}", responsibilities=HOSTILE
    )
    protocol_services.obligation_add(
        actor=bm,
        version=version,
        section=section,
        what="present_report",
        description=HOSTILE,
        timing={"kind": "window", "start_month": 10, "end_month": 1},
        owing_board=cast.scp,
        owing_label=f"Chair {HTML_LINK}",
        receiving_board=cast.hwb,
    )
    protocol_services.ladder_step_add(
        actor=bm, version=version, title=f"Step {HANDLER}", description=HOSTILE_MARKDOWN
    )
    officer = f.PersonFactory(area=cast.area_a, full_name=f"Officer {SCRIPT}")
    protocol_services.party_update(
        actor=bm,
        party=version.parties.get(board=cast.hwb),
        lead_officer=officer,
        signatory_kind="chairs",
    )
    protocol_services.version_transition(actor=bm, version=version, name="start_consultation")
    protocol_services.comment_add(actor=bm, version=version, section=section, body=HOSTILE)
    version.refresh_from_db()
    return version


@pytest.fixture
def hostile_report(office, hostile_version):
    ds = office.user("democratic_services")
    report = make_report(
        office,
        title=f"Report {SCRIPT}",
        synopsis=HOSTILE,
        recommendations=[HOSTILE, f"That the board note {MARKDOWN_LINK}"],
        background=HOSTILE_MARKDOWN,
        contact_name=f"Officer {HANDLER}",
        appendix_versions=[hostile_version],
    )
    report_services.report_sections_replace(
        actor=ds, report=report, sections=[(f"Costs {SCRIPT}", HOSTILE_MARKDOWN)]
    )
    report_services.report_implications_replace(
        actor=ds, report=report, implications=[(f"Safeguarding {HANDLER}", HOSTILE_MARKDOWN)]
    )
    return report


def export(report, render):
    built = document.build(report_selectors.report_for_export(report.pk), member=True)
    return render(built)


# --- HTML ----------------------------------------------------------------------------------


def protocol_pages(version) -> list[str]:
    keys = {"pk": version.protocol_id, "number": version.number}
    return [
        reverse("protocols:protocol_list"),
        reverse("protocols:protocol_detail", kwargs={"pk": version.protocol_id}),
        reverse("protocols:version_detail", kwargs=keys),
        reverse("protocols:comment_list", kwargs=keys),
    ]


def test_protocol_pages_show_hostile_text_without_running_it(cast, hostile_version, client_for):
    client = client_for(cast.user("business_manager"))
    for url in protocol_pages(hostile_version):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert live_content(html, csp_nonce(response)) == [], url
    page = page_text(client.get(protocol_pages(hostile_version)[2]).content.decode())
    assert f"Protocol {SCRIPT}" in page
    assert f"Heading {HANDLER}" in page
    assert f"Chair {HTML_LINK}" in page


def test_a_real_link_in_a_section_stays_a_link_on_the_page(cast, hostile_version, client_for):
    url = protocol_pages(hostile_version)[2]
    html = client_for(cast.user("member")).get(url).content.decode()
    links = [a.get("href") for a in lxml.html.document_fromstring(html).iter("a")]
    assert SAFE_URL in links


def test_report_page_shows_hostile_text_without_running_it(office, hostile_report, client_for):
    client = client_for(office.user("democratic_services"))
    for url in (
        hostile_report.get_absolute_url(),
        reverse("reporting:report_list"),
        reverse("reporting:report_sections", kwargs={"pk": hostile_report.pk}),
        reverse("reporting:report_implications", kwargs={"pk": hostile_report.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert live_content(response.content.decode(), csp_nonce(response)) == [], url
    page = page_text(client.get(hostile_report.get_absolute_url()).content.decode())
    assert f"Report {SCRIPT}" in page


def test_the_checker_finds_live_script_in_a_page():
    html = (
        f'<p>{HANDLER}</p><a href=" javascript:alert(1)">x</a><script>alert(1)</script>'
        '<script nonce="guess">alert(2)</script><script nonce="n0nce">ours()</script>'
    )
    assert live_content(html, "n0nce") == [
        "an event handler onerror='alert(1)' on <img>",
        "the hostile <img>",
        "a live href=' javascript:alert(1)' on <a>",
        "a script without the page's nonce: 'alert(1)'",
        "a script without the page's nonce: 'alert(2)'",
    ]


# --- PDF -----------------------------------------------------------------------------------


def test_protocol_pdf_prints_hostile_text_with_no_live_script_link(hostile_version):
    data = render_version_pdf(hostile_version, draft_watermark=True)
    uris, live = pdf_links(data)
    assert live == []
    assert SAFE_URL in uris
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert f"Protocol {SCRIPT}" in text


def test_report_pdf_prints_hostile_text_with_no_live_script_link(hostile_report):
    data = export(hostile_report, render_report_pdf)
    uris, live = pdf_links(data)
    assert live == []
    assert SAFE_URL in uris
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert f"Report {SCRIPT}" in text


# --- .docx ---------------------------------------------------------------------------------


def test_report_docx_has_no_link_to_script_and_keeps_the_text(hostile_report):
    data = export(hostile_report, render_report_docx)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {
            name: package.read(name).decode()
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }
    targets = [
        target
        for name, xml in parts.items()
        if name.endswith(".rels")
        for target in re.findall(r'Target="([^"]*)"', xml)
    ]
    assert not [t for t in targets if t.strip().lower().startswith(LIVE_SCHEMES)]
    body = parts["word/document.xml"]
    # Links are printed with their address, so a reader of the paper copy can follow them.
    assert f"the guidance ({SAFE_URL})" in re.sub(r"<[^>]+>", "", body)
    assert "<script" not in body
    assert "<img" not in body
    assert "Report &lt;script&gt;alert(1)&lt;/script&gt;" in body
    # A hyperlink can also be a field code in the text itself.
    assert not re.search(r"HYPERLINK\s+\"?\s*javascript:", body, flags=re.IGNORECASE)
