"""Measure protocol PDF rendering against bare WeasyPrint in the same run (a script, not a test).

    uv run python tests/benchmarks/bench_pdf.py [--runs 5]

It makes a throwaway test database, loads the demo (every loader ``load_demo`` runs),
picks the largest demo protocol (most sections, obligations and post holders) and adds a
protocol with 60 obligations. For each it prints the milliseconds per page and the peak
Python memory of:

- ``app``: ``render_version_pdf`` (database reads, layout, templates, tagged PDF/UA-1,
  the safe URL fetcher);
- ``bare, same options``: WeasyPrint alone on the same HTML and CSS, tagged as the app;
- ``bare``: WeasyPrint alone on the same HTML and CSS with its default options;

and the ratio of the app to each, so the app's overhead is visible whatever the machine.
Times are medians of warm runs taken in turns (one run each first, not counted), as wall
time and as this process's CPU time; memory is tracemalloc's peak in a separate run, as
tracing slows rendering. Sealing the 60-obligation protocol with two signatures is timed
too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from boards.management.commands.load_demo import DEMO_LOADERS  # noqa: E402
from boards.models import Area, Board, Membership, Person  # noqa: E402
from protocols import canonical, content  # noqa: E402
from protocols.models import (  # noqa: E402
    Approval,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)
from protocols.pdf import keys  # noqa: E402
from protocols.pdf.render import (  # noqa: E402
    PDF_VARIANT,
    render_version_pdf,
    version_html,
    version_queryset,
)
from protocols.pdf.sign import seal  # noqa: E402

OBLIGATIONS = 60
TIMINGS = (
    {"kind": "window", "start_month": 10, "end_month": 1},
    {"kind": "deadline", "month": 6, "day": None},
    {"kind": "fixed_month", "month": 9},
    {"kind": "frequency", "every": "quarterly"},
    {"kind": "frequency", "every": "annually"},
    {"kind": "anniversary", "of": "signing", "every_years": 1},
    {"kind": "external", "trigger": "any change in legislation"},
    {"kind": "ad_hoc"},
)
BODY = (
    "The boards agree to share their plans, data and learning, and to hold each other to "
    "account for the outcomes they share.\n\n- annual reports are presented in person;\n"
    "- each board responds formally;\n- the chairs meet every quarter.\n\n"
)


def build_sixty() -> ProtocolVersion:
    """Return a signed version with 60 obligations, written straight to the database."""
    area = Area.objects.create(name="Benchmark", slug="benchmark", council_name="Bench Council")
    hwb = Board.objects.create(area=area, name="Bench Health and Wellbeing Board", short_name="BHW")
    scp = Board.objects.create(area=area, name="Bench Safeguarding Partnership", short_name="BSP")
    protocol = Protocol.objects.create(area=area, reference="sixty-obligations")
    version = ProtocolVersion.objects.create(
        protocol=protocol,
        number=1,
        title="Protocol with sixty obligations",
        purpose="A long protocol, to measure rendering.",
        status=ProtocolVersion.Status.SIGNED,
        status_changed_at=timezone.now(),
    )
    protocol.current_version = version
    protocol.save(update_fields=["current_version"])
    for order, board in enumerate((hwb, scp), start=1):
        Party.objects.create(version=version, board=board, order=order)
    sections = Section.objects.bulk_create(
        Section(version=version, order=n, heading=f"Section {n}", body=BODY * 3)
        for n in range(1, 9)
    )
    posts = Section.objects.create(
        version=version, order=9, heading="Roles of post holders", kind=Section.Kind.POST_HOLDERS
    )
    Section.objects.create(
        version=version, order=10, heading="Resolution", kind=Section.Kind.LADDER
    )
    PostResponsibility.objects.bulk_create(
        PostResponsibility(
            section=posts,
            order=n,
            post_title=f"Post holder {n}",
            responsibilities="Chairs the board\nPresents the annual report\nLeads the review",
        )
        for n in range(6)
    )
    LadderStep.objects.bulk_create(
        LadderStep(version=version, order=n, title=f"Step {n}", description="What happens.")
        for n in range(1, 5)
    )
    Obligation.objects.bulk_create(
        Obligation(
            version=version,
            section=sections[n % len(sections)],
            order=n,
            owing_board=hwb if n % 2 else scp,
            receiving_board=scp if n % 2 else hwb,
            what=Obligation.What.PRESENT_REPORT,
            description=f"Obligation {n}: present the report, with the position statement "
            "for the current year and the learning from case reviews.",
            timing=TIMINGS[n % len(TIMINGS)],
        )
        for n in range(OBLIGATIONS)
    )
    user = get_user_model().objects.create(username="bench-recorder")
    fresh = content.content_queryset().get(pk=version.pk)
    digest = canonical.content_hash(content.version_content(fresh))
    for board, name in ((hwb, "Cllr Alex Bench"), (scp, "Sam Bench")):
        person = Person.objects.create(area=area, full_name=name)
        Membership.objects.create(person=person, board=board, role=Membership.Role.CHAIR)
        Approval.objects.create(
            version=version,
            board=board,
            decided_on=dt.date(2026, 7, 13),
            decided_by="The Board",
            recorded_by=user,
        )
        Signature.objects.create(
            version=version,
            board=board,
            signer=person,
            capacity=f"Chair, {board.short_name}",
            signed_at=timezone.now(),
            method=Signature.Method.DEMO,
            content_hash=digest,
        )
    return version


def largest_demo_version() -> ProtocolVersion | None:
    """Load the demo and return its largest version, or None if the demo has no protocols."""
    for path in DEMO_LOADERS:
        try:
            import_string(path)(stdout=None)
        except Exception as error:  # noqa: BLE001 - measure what loaded, and say what did not
            print(f"The demo loader {path} failed ({error}); its protocols are left out.")
    return (
        ProtocolVersion.objects.annotate(
            size=Count("sections", distinct=True)
            + Count("obligations", distinct=True)
            + Count("sections__post_responsibilities", distinct=True)
        )
        .order_by("-size", "pk")
        .first()
    )


def timed_rounds(renders: dict, runs: int) -> dict[str, tuple[float, float]]:
    """Return each render's median (wall ms, CPU ms), the renders taken in turns.

    Taking turns spreads any load from other processes evenly over them, so their ratio
    stays fair on a busy machine; CPU time is this process's own work.
    """
    for render in renders.values():
        render()  # warm: fonts, templates, caches
    walls: dict[str, list[float]] = {name: [] for name in renders}
    cpus: dict[str, list[float]] = {name: [] for name in renders}
    for _ in range(runs):
        for name, render in renders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            render()
            walls[name].append((time.perf_counter() - wall) * 1000)
            cpus[name].append((time.process_time() - cpu) * 1000)
    return {
        name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in renders
    }


def peak_mb(render) -> float:
    tracemalloc.start()
    render()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def measure(label: str, version: ProtocolVersion, runs: int) -> None:
    fresh = version_queryset().get(pk=version.pk)
    html, css = version_html(fresh, draft_watermark=False)
    data = render_version_pdf(version, draft_watermark=False)
    pages = len(PdfReader(io.BytesIO(data)).pages)

    def app():
        return render_version_pdf(version, draft_watermark=False)

    def bare_same():
        return weasyprint.HTML(string=html).write_pdf(
            stylesheets=[weasyprint.CSS(string=css)], pdf_variant=PDF_VARIANT
        )

    def bare():
        return weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=css)])

    renders = {"app": app, "bare, same options": bare_same, "bare": bare}
    times = timed_rounds(renders, runs)
    memory = {name: peak_mb(render) for name, render in renders.items()}
    app_wall, app_cpu = times["app"]
    print(f"\n{label}: “{version.title}”, {pages} pages, {len(data):,} bytes")
    print(
        f"  {'':20} {'wall ms':>8} {'ms/page':>8} {'CPU ms':>8} {'ms/page':>8} {'peak MB':>8}"
        f" {'wall x':>7} {'CPU x':>6} {'mem x':>6}"
    )
    for name in renders:
        wall, cpu = times[name]
        print(
            f"  {name:20} {wall:8.0f} {wall / pages:8.1f} {cpu:8.0f} {cpu / pages:8.1f} "
            f"{memory[name]:8.1f} {app_wall / wall:7.2f} {app_cpu / cpu:6.2f} "
            f"{memory['app'] / memory[name]:6.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    runs = parser.parse_args().runs

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"WeasyPrint {weasyprint.__version__}, Python {sys.version.split()[0]}, {runs} runs")
        largest = largest_demo_version()
        if largest is None:
            print("The demo has no protocols; measuring the 60-obligation protocol only.")
        else:
            measure("Largest demo protocol", largest, runs)
        sixty = build_sixty()
        measure(f"{OBLIGATIONS}-obligation protocol", sixty, runs)

        with tempfile.TemporaryDirectory() as folder:
            p12 = Path(folder) / "bench.p12"
            settings.PDF_SIGNING_P12 = p12
            settings.PDF_SIGNING_PASSPHRASE = "bench"
            call_command("make_signing_cert", out=str(p12), stdout=io.StringIO())
            signer = keys.load_signer()
            rendered = render_version_pdf(sixty, draft_watermark=False)
            fresh = version_queryset().get(pk=sixty.pk)
            wall, cpu = timed_rounds({"seal": lambda: seal(rendered, fresh, signer)}, runs)["seal"]
            print(
                f"\nSealing the {OBLIGATIONS}-obligation protocol with 2 signatures: "
                f"{wall:.0f} ms wall, {cpu:.0f} ms CPU"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
