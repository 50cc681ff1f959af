"""Read one unit (a sentence, list item or table cell) into candidate obligations.

See ``propose`` for the rules. The ``Reader`` keeps what the previous sentence
established (its subject and timing) so that "It", "This group" and "The report" can be
followed, and settles each list lead-in's subject when it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import permutations

from .directory import BoardRef, Directory, Mention, PostRef
from .kinds import classify, main_verb
from .sentences import INTRO_END, MODAL, Unit
from .timing_phrases import ANNUAL, TimingMatch, best_timing


@dataclass
class Party:
    """One side as found: a board or post, how the text named it, and how sure we are."""

    target: BoardRef | PostRef
    label: str = ""
    explicit: bool = True

    @property
    def key(self) -> tuple:
        if isinstance(self.target, BoardRef):
            return ("board", self.target.id)
        return ("post", self.target.kind)


@dataclass
class Candidate:
    owing: Party
    receiving: Party
    what: str
    unit: Unit
    timing: TimingMatch | None
    modal: str
    reasons: list[str] = field(default_factory=list)
    either_direction: bool = False
    annual: bool = False
    sources: list[Unit] = field(default_factory=list)
    rule: dict = field(default_factory=dict)
    follows: Candidate | None = None
    content: set[str] = field(default_factory=set)


_PARENTHESES = re.compile(r"\([^()]{25,}\)|\([^()]{25,}$|^[^()]{25,}\)")
_ALL_PARTIES = re.compile(
    r"\b(?:each|both|either|the)\s+(?:boards|organisations|partnerships|partners\s+to\s+this\s+\w+|bodies|parties)\b"
    r"|\b(?:each|either)\s+(?:board|organisation|partnership|body|party)\b"
    r"|\brespective\s+boards?\b",
    re.I,
)
_MUTUAL = re.compile(
    r"\brespective\b|\beach\s+other\b|\bthe\s+other\b|\bone\s+another\b|\bto\s+the\s+other\b", re.I
)
_CONTEXT_SUBJECT = re.compile(
    r"^(?:it|this\s+(?:officer\s+)?group|the\s+(?:officer\s+)?group|this\s+(?:sub-?)?group|they)$",
    re.I,
)
_REPORT_SUBJECT = re.compile(
    r"^(?:the|this|its|their)\s+(?:annual\s+|yearly\s+)?(?:report|assessment)$", re.I
)
_PASSIVE_DELIVERY = {
    "presented",
    "submitted",
    "sent",
    "shared",
    "provided",
    "given",
    "reported",
    "taken",
    "circulated",
    "copied",
    "made",
    "brought",
    "held",
    "forwarded",
    "published",
}
_PASSIVE_CONSULTEE = {
    "consulted",
    "involved",
    "invited",
    "asked",
    "informed",
    "briefed",
    "notified",
}
_DELIVERY_VERBS = {
    "share",
    "send",
    "provide",
    "present",
    "submit",
    "report",
    "attend",
    "consult",
    "inform",
    "notify",
    "circulate",
    "give",
    "brief",
    "update",
    "copy",
    "forward",
    "exchange",
}
_SKIP_VERBS = {
    "have",
    "be",
    "need",
    "may",
    "can",
    "enable",
    "agree",
    "continue",
    "remain",
    "form",
    "help",
}
_OWNED_DOCUMENTS = (
    (
        re.compile(r"\bJSNA\b|Joint\s+Strategic\s+Needs\s+Assessment|\bneeds\s+assessment\b", re.I),
        "hwb",
    ),
    (re.compile(r"\bJHWS\b|Health\s+(?:and|&)\s+Well-?being\s+Strateg(?:y|ies)", re.I), "hwb"),
)
JSNA = re.compile(r"\bJSNA\b|Joint\s+Strategic\s+Needs\s+Assessment|\bneeds\s+assessment\b", re.I)
AS_ABOVE = re.compile(r"\bas\s+(?:set\s+out|outlined|described|stated|agreed)\s+above\b", re.I)
ANNUAL_REPORT = re.compile(
    r"(?<!half-)\b(?:annual|yearly)\b[^.;]{0,30}\breport|\breport\b[^.;]{0,30}\bannual", re.I
)


def _strip_asides(text: str) -> str:
    """Blank out long parenthesised asides, keeping every offset."""
    return _PARENTHESES.sub(lambda m: " " * len(m.group(0)), text)


@dataclass
class Context:
    """What the previous sentence established, for "It", "This group" and "The report"."""

    subjects: list[Party] = field(default_factory=list)
    timing: TimingMatch | None = None
    annual: bool = False
    block: int = -1


def party_of(mention: Mention, directory: Directory, *, explicit: bool = True) -> Party:
    target = mention.target
    if isinstance(target, BoardRef):
        target = directory.current(target)
    label = ""
    if mention.role or isinstance(mention.target, BoardRef) and mention.target is not target:
        label = " ".join(mention.text.split())
    return Party(target, label, explicit)


def dedupe(parties: list[Party]) -> list[Party]:
    seen, out = set(), []
    for party in parties:
        if party.key not in seen:
            seen.add(party.key)
            out.append(party)
    return out


class Reader:
    """Read units into candidate obligations, carrying context from sentence to sentence."""

    def __init__(self, directory: Directory, parties: list[BoardRef]) -> None:
        self.directory = directory
        self.parties = parties
        self.context = Context()
        # A lead-in's subject is settled when it is read, before its items move the context.
        self.intros: dict[tuple[int, int], list[Party]] = {}

    def all_parties(self, explicit: bool = False) -> list[Party]:
        return [Party(p, "", explicit) for p in self.parties]

    def owners(self, text: str, exclude: set) -> list[Party]:
        kinds = {kind for pattern, kind in _OWNED_DOCUMENTS if pattern.search(text)}
        found = [Party(b, "", False) for b in self.parties if b.kind in kinds]
        return [p for p in found if p.key not in exclude]

    def read(self, unit: Unit) -> list[Candidate]:
        found = self._read(unit) or []
        if INTRO_END.search(unit.text):
            self.intros[(unit.block, unit.start)] = self._intro_subjects(unit)
        return found

    def _read(self, unit: Unit) -> list[Candidate] | None:
        if unit.block != self.context.block and not unit.is_item:
            self.context = Context(block=unit.block) if not unit.intro else self.context
        text = _strip_asides(unit.text)
        mentions = self.directory.mentions(text)
        timing = best_timing(unit.text)
        annual = bool(ANNUAL_REPORT.search(unit.text))
        for modal in MODAL.finditer(text):
            if modal.group("neg"):
                return []
            found = self._read_modal(unit, text, mentions, modal, timing, annual)
            if found is not None:
                return found
        infinitive = self._infinitive(text, mentions)
        if infinitive is not None:
            return self._read_clause(
                unit,
                text,
                mentions,
                infinitive[0],
                infinitive[1],
                "to",
                timing,
                annual,
                infinitive[2],
            )
        if (
            unit.intro is not None
            and re.match(r"^[A-Z][a-z]+\b", text)
            and not re.match(
                r"^(?:The|A|An|This|These|That|Where|When|If|In|Not|No|Each|Both|All|There)\b", text
            )
        ):
            intro_subjects = self._intro_subjects(unit.intro)
            if intro_subjects:
                return self._read_clause(
                    unit,
                    text,
                    mentions,
                    0,
                    0,
                    "will",
                    timing,
                    annual,
                    intro_subjects,
                    inherited=True,
                )
        return []

    def _intro_subjects(self, intro: Unit) -> list[Party]:
        cached = self.intros.get((intro.block, intro.start))
        if cached is not None:
            return cached
        text = _strip_asides(intro.text)
        modal = MODAL.search(text)
        if not modal or modal.group("neg"):
            return []
        subject_text = text[: modal.start()]
        mentions = list(self.directory.mentions(subject_text))
        subject_text = subject_text.split(",")[-1]
        if _ALL_PARTIES.search(subject_text):
            return self.all_parties()
        found = [
            party_of(m, self.directory)
            for m in mentions
            if m.start >= len(text[: modal.start()]) - len(subject_text)
        ]
        if found:
            return dedupe(found)
        if _CONTEXT_SUBJECT.match(subject_text.strip()):
            return [Party(p.target, p.label, False) for p in self.context.subjects]
        return []

    def _infinitive(self, text: str, mentions: list[Mention]):
        for mention in mentions:
            after = re.match(
                r"\s+to\s+(present|provide|share|submit|report|send|consult|attend|meet|respond|brief|update)\b",
                text[mention.end :],
            )
            if after:
                start = mention.start
                clause = max(text.rfind(",", 0, start), text.rfind(";", 0, start)) + 1
                lead = [m for m in mentions if clause <= m.start <= mention.start]
                # Only "<board> to present ..." in subject position, not "Invite X to attend".
                if text[clause : lead[0].start].strip():
                    continue
                subject = lead
                return (
                    mention.end + after.start(1) - 1,
                    mention.end + after.start(1),
                    [party_of(m, self.directory) for m in subject],
                )
        return None

    def _read_modal(self, unit, text, mentions, modal, timing, annual):
        clause_start = max(text.rfind(";", 0, modal.start()), text.rfind(":", 0, modal.start())) + 1
        subject_text = text[clause_start : modal.start()]
        if "," in subject_text:
            tail = subject_text.rsplit(",", 1)[1]
            if tail.strip():
                clause_start = modal.start() - len(tail)
                subject_text = tail
        subject_mentions = [m for m in mentions if clause_start <= m.start < modal.start()]
        stripped = subject_text.strip()
        if _ALL_PARTIES.search(stripped) and not subject_mentions:
            subjects = self.all_parties()
        elif subject_mentions:
            subjects = dedupe([party_of(m, self.directory) for m in subject_mentions])
        elif not stripped and unit.intro is not None:
            subjects = self._intro_subjects(unit.intro)
            if not subjects:
                return None
            return self._read_clause(
                unit,
                text,
                mentions,
                modal.start(),
                modal.end(),
                modal.group("modal"),
                timing,
                annual,
                subjects,
                inherited=True,
            )
        elif _CONTEXT_SUBJECT.match(stripped) or _REPORT_SUBJECT.match(stripped):
            subjects = [Party(p.target, p.label, False) for p in self.context.subjects]
            if _REPORT_SUBJECT.match(stripped):
                subjects = [s for s in subjects if s.key[0] == "board"] or subjects
                if timing is None and self.context.annual:
                    timing = TimingMatch(
                        {"kind": "frequency", "every": "annually"},
                        "annual report",
                        0,
                        ANNUAL,
                        False,
                    )
                annual = annual or self.context.annual
            if not subjects:
                return None
            return self._read_clause(
                unit,
                text,
                mentions,
                modal.start(),
                modal.end(),
                modal.group("modal"),
                timing,
                annual,
                subjects,
                coreference=True,
                document_subject=bool(_REPORT_SUBJECT.match(stripped)),
            )
        else:
            subjects = []
        return self._read_clause(
            unit,
            text,
            mentions,
            modal.start(),
            modal.end(),
            modal.group("modal"),
            timing,
            annual,
            subjects,
            subject_text=subject_text,
        )

    def _read_clause(
        self,
        unit,
        text,
        mentions,
        modal_start,
        modal_end,
        modal_word,
        timing,
        annual,
        subjects,
        *,
        inherited=False,
        coreference=False,
        document_subject=False,
        subject_text="",
    ) -> list[Candidate] | None:
        clause_end = text.find(";", modal_end)
        clause_end = len(text) if clause_end < 0 else clause_end
        predicate = text[modal_end:clause_end]
        verb, participle, verb_at = main_verb(predicate)
        if not verb:
            return None
        passive = verb == "be"
        after_verb = re.sub(
            r"^\s*(?:be\s+(?:[a-z]+ly\s+)?)?[A-Za-z][\w'-]*", "", predicate[verb_at:]
        )
        predicate_mentions = [m for m in mentions if modal_end <= m.start < clause_end]
        done_by = [
            m
            for m in predicate_mentions
            if passive and re.search(r"\bby\s+(?:the\s+)?$", text[max(0, m.start - 8) : m.start])
        ]
        reasons = []
        if inherited:
            reasons.append("The board comes from the list's lead-in.")
        if coreference:
            reasons.append("The board comes from the sentence before.")
        # A document as subject ("The report will provide the H&WB with ...") owes nothing.
        possessors = (
            [m for m in self.directory.mentions(subject_text) if m.possessive]
            if subject_text
            else []
        )
        subject_keys = {s.key for s in subjects}
        if document_subject and not passive:
            return None
        if passive and participle in _PASSIVE_CONSULTEE and subjects:
            self._remember(subjects, timing, annual, unit)
            owing = [party_of(m, self.directory) for m in done_by] or self.owners(
                unit.text, subject_keys
            )
            if not owing and len(self.parties) == 2:
                owing = [p for p in self.all_parties() if p.key not in subject_keys]
            pairs = [(o, s) for o in owing for s in subjects if o.key != s.key]
            what = classify(verb, participle, after_verb, unit.text)
            return (
                self._make(
                    pairs,
                    what,
                    unit,
                    timing,
                    modal_word,
                    reasons + ["The board consulted is owed by the other."],
                    annual,
                )
                or None
            )
        if passive and participle not in _PASSIVE_DELIVERY:
            return None
        if passive and not subjects and re.search(r"\bminutes\b|\bmeetings?\b", subject_text, re.I):
            subjects = self.all_parties()
            subject_keys = {s.key for s in subjects}
            if participle == "held":
                receivers = []
            else:
                receivers = [party_of(m, self.directory) for m in predicate_mentions]
            if not receivers:
                return self._mutual(
                    subjects,
                    unit,
                    timing,
                    modal_word,
                    verb,
                    participle,
                    after_verb,
                    reasons + ["Shared both ways between the parties."],
                    annual,
                )
        if passive and done_by:
            # "... must be presented by the ESAB to Safer Eastmoor": the board it is done by owes.
            subjects = dedupe([party_of(m, self.directory) for m in done_by])
            subject_keys = {s.key for s in subjects}
            possessors = []
        elif passive and subjects and not possessors and not document_subject:
            # "The PCC should be sent a copy of the ESAB annual report": the subject receives.
            owners = [
                party_of(m, self.directory)
                for m in predicate_mentions
                if m.possessive and party_of(m, self.directory).key not in subject_keys
            ]
            if owners:
                pairs = [(o, s) for o in dedupe(owners) for s in subjects]
                what = classify(verb, participle, after_verb, unit.text)
                return self._make(
                    pairs,
                    what,
                    unit,
                    timing,
                    modal_word,
                    reasons + ["The subject receives it."],
                    annual,
                )
        if not subjects:
            return None
        if passive and subject_text and possessors and not document_subject:
            # "BSCB's annual assessment ... will be presented to BHWB": the possessor owes.
            subjects = [party_of(m, self.directory) for m in possessors]
            subject_keys = {s.key for s in subjects}
        elif not passive and subject_text:
            named = self.directory.mentions(subject_text)
            if named and all(m.possessive for m in named):
                return None
        receivers = [
            party_of(m, self.directory)
            for m in predicate_mentions
            if m not in done_by and party_of(m, self.directory).key not in subject_keys
        ]
        receivers = dedupe(receivers)
        what = classify(verb, participle, after_verb, unit.text)
        self._remember(subjects, timing, annual, unit)
        if verb in _SKIP_VERBS and not passive:
            return None
        if verb in ("receive", "get") and not passive:
            owners = [
                r
                for r in receivers
                if any(
                    m.possessive
                    for m in predicate_mentions
                    if party_of(m, self.directory).key == r.key
                )
            ]
            owners = owners or dedupe(
                [party_of(m, self.directory, explicit=False) for m in mentions if m.possessive]
            )
            owners = owners or self.owners(unit.text, set())
            if not owners:
                return None
            targets = subjects
            pairs = [(o, t) for o in owners for t in targets if o.key != t.key]
            if not pairs and len(owners) == 1:
                pairs = [(owners[0], p) for p in self.all_parties() if p.key != owners[0].key]
            what = (
                "present_report"
                if re.search(r"\breport|assessment|update", predicate, re.I)
                else "share_document"
            )
            return self._make(
                pairs,
                what,
                unit,
                timing,
                modal_word,
                reasons + ["The board receiving it is the subject."],
                annual,
            )
        if len(subjects) >= 2:
            if receivers:
                pairs = [(s, r) for s in subjects for r in receivers]
                return self._make(pairs, what, unit, timing, modal_word, reasons, annual)
            if verb == "meet" or what == "meet":
                return self._make(
                    [(subjects[0], subjects[1])],
                    "meet",
                    unit,
                    timing,
                    modal_word,
                    reasons,
                    annual,
                    either=True,
                )
            if _MUTUAL.search(predicate) or (
                _ALL_PARTIES.search(subject_text or "each board") and verb in _DELIVERY_VERBS
            ):
                return self._mutual(
                    subjects,
                    unit,
                    timing,
                    modal_word,
                    verb,
                    participle,
                    after_verb,
                    reasons,
                    annual,
                )
            return None
        if not receivers:
            owners = self.owners(unit.text, subject_keys)
            if not owners:
                return None
            receivers = owners
            reasons.append("The receiving board is inferred from the document named.")
        pairs = [(subjects[0], r) for r in receivers]
        return self._make(pairs, what, unit, timing, modal_word, reasons, annual)

    def _remember(self, subjects, timing, annual, unit) -> None:
        self.context = Context(subjects=subjects, timing=timing, annual=annual, block=unit.block)

    def _mutual(
        self, subjects, unit, timing, modal_word, verb, participle, after_verb, reasons, annual
    ):
        what = classify(verb, participle, after_verb, unit.text)
        if what == "meet":
            return self._make(
                [(subjects[0], subjects[1])],
                "meet",
                unit,
                timing,
                modal_word,
                reasons,
                annual,
                either=True,
            )
        pairs = [(a, b) for a, b in permutations(subjects, 2)]
        return self._make(pairs, what, unit, timing, modal_word, reasons, annual)

    def _content(self, text: str) -> set[str]:
        for mention in sorted(self.directory.mentions(text), key=lambda m: -m.start):
            text = text[: mention.start] + " " + text[mention.end :]
        return words(text) - {"chair", "chairs", "board", "boards", "member", "members"}

    def _make(self, pairs, what, unit, timing, modal_word, reasons, annual, *, either=False):
        out = []
        content = self._content(unit.text)
        for owing, receiving in pairs:
            if owing.key == receiving.key:
                continue
            out.append(
                Candidate(
                    owing=owing,
                    receiving=receiving,
                    what=what,
                    unit=unit,
                    timing=timing,
                    modal=modal_word.lower(),
                    reasons=list(reasons),
                    either_direction=either,
                    annual=annual,
                    sources=[unit],
                    content=content,
                )
            )
        return out


def words(text: str) -> set[str]:
    stop = {
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "on",
        "in",
        "for",
        "with",
        "will",
        "be",
        "its",
        "their",
        "by",
        "at",
        "from",
        "any",
        "this",
        "that",
        "each",
        "should",
        "would",
    }
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in stop and len(w) > 2}
