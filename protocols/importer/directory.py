"""The boards and post holders a document may name, and where it names them.

A ``Directory`` is plain data (ids, names, short names, kinds), built from an area's
records by ``Directory.for_area`` or from any list, so the proposer and the measurement
script run the same way with or without a database.

A board is found by its short name as written ("BSCB", "H&WB"; case matters, so "sit"
is not the SIT), by its full name with or without the area's name in front ("Bromley
Safeguarding Children Board", "Safeguarding Children Board"), with "&" for "and" and
"Well-being" for "Wellbeing", and by the generic names of its kind ("the LSCB",
"HWBB", "Health and Wellbeing Board") when the area has exactly one board of that kind.
A board's chair, independent chair, members or officers ("the Chair of the H&WB", "BSCB
Chair") count as the board, with the wording kept. Posts are found by their usual titles
and abbreviations ("Chief Executive", "CEO", "DPH").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import clean_inline

BOARD = "board"
POST = "post"


@dataclass(frozen=True)
class BoardRef:
    id: int
    name: str
    short_name: str
    kind: str
    dissolved: bool = False
    successor_id: int | None = None


@dataclass(frozen=True)
class PostRef:
    """A kind of post; ``id`` is the area's Post row, or None if the area has none."""

    kind: str
    title: str
    id: int | None = None


@dataclass(frozen=True)
class Mention:
    """Where a board or post is named: its span in the text, and how it was named."""

    start: int
    end: int
    target: BoardRef | PostRef
    text: str
    role: str = ""
    possessive: bool = False

    @property
    def is_board(self) -> bool:
        return isinstance(self.target, BoardRef)

    @property
    def key(self) -> tuple[str, object]:
        if isinstance(self.target, BoardRef):
            return (BOARD, self.target.id)
        return (POST, self.target.kind)


# Generic names of each kind of board, used when the area has exactly one of that kind.
KIND_ALIASES = {
    "lscb": (
        r"LSCB",
        r"Local Safeguarding Children(?:['’]s)? Board",
        r"Safeguarding Children(?:['’]s)? Board",
    ),
    "scp": (r"Safeguarding Children(?:['’]s)? Partnership", r"safeguarding partners"),
    "hwb": (r"HWBB?", r"H&WBB?", r"Health (?:and|&) Well-?being Board"),
    "sab": (r"SAB", r"Safeguarding Adults Board"),
    "csp": (r"CSP", r"Community Safety Partnership"),
    "trust": (r"Children['’]?s Trust(?: Board)?",),
}
_CASE_SENSITIVE_ALIAS = re.compile(r"^[A-Z&]+\??$|^H&WBB\?$|^HWBB\?$")

POST_TITLES = {
    "chief_executive": ("Chief Executive",),
    "leader": ("Leader of the Council",),
    "dcs": ("Director of Children's Services",),
    "dass": ("Director of Adult Social Services",),
    "dph": ("Director of Public Health",),
    "lead_member_children": ("Lead Member for Children's Services",),
    "lead_member_health": ("Lead Member for Health and Wellbeing",),
    "pcc": ("Police and Crime Commissioner",),
    "head_democratic_services": ("Head of Democratic Services",),
}

_POST_PATTERNS = {
    "chief_executive": r"Chief Executive(?: of (?:the )?(?:[A-Z]\w+ )?Council)?|\bCEO\b",
    "leader": r"Leader of (?:the )?(?:[A-Z]\w+ )?Council|\bthe Leader\b|\bLeader\b(?= (?:and|&))",
    "dcs": r"Director of Children['’]?s Services|\bDCS\b",
    "dass": r"Director of Adults?['’]? Social Services|\bDASS\b",
    "dph": r"Director of Public Health|\bDPH\b",
    "lead_member_children": r"Lead Member for Children(?:['’]s Services| and Young People|['’]s)?",
    "lead_member_health": r"Lead Member for Health(?: (?:and|&) Well-?being)?",
    "pcc": r"Police and Crime Commissioner|\bPCC\b",
    "head_democratic_services": r"Head of Democratic Services",
}
_CASE_SENSITIVE_POSTS = {"leader"}

_ROLE_BEFORE = (
    r"(?:(?:the|a|an|each|either)\s+)?"
    r"(?P<role>(?:independent\s+)?(?:co-|vice[- ])?chair(?:man|person)?s?"
    r"|members?|officers?|business\s+(?:unit\s+)?managers?|lead\s+officers?|representatives?)"
    r"\s+(?:of|from|on|supporting)\s+(?:the\s+)?"
)
_ROLE_AFTER = (
    r"(?P<role2>(?:['’]s)?\s+(?:independent\s+)?(?:co-|vice[- ])?chair(?:man|person)?"
    r"|(?:['’]s)?\s+business\s+manager|\s+members?|\s+officers?)\b"
)
_DOCUMENT_AFTER = re.compile(
    r"^(?:['’]s\b|s['’](?!\w))|^\s+(?:annual|yearly|strategy|strategies|plans?|minutes|meetings?|"
    r"agenda|business|report|performance|board\s+meetings|activities|priorities|website)\b",
    re.I,
)


def _name_pattern(name: str) -> str:
    """Return a forgiving pattern for a full name: "&" for "and", "Well-being", spacing."""
    parts = []
    for word in clean_inline(name).split():
        lower = word.lower()
        if lower in ("and", "&"):
            parts.append(r"(?:and|&)")
        elif lower in ("wellbeing", "well-being"):
            parts.append(r"well[- ]?being")
        elif re.fullmatch(r"children['’]?s", lower):
            parts.append(r"children['’]?s?")
        else:
            parts.append(re.escape(word))
    return r"\s+".join(parts)


@dataclass
class Directory:
    """The boards and posts of an area, and how to find them in text."""

    boards: list[BoardRef]
    posts: list[PostRef] = field(default_factory=list)
    area_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._patterns: list[tuple[re.Pattern, BoardRef | PostRef]] = []
        by_kind: dict[str, list[BoardRef]] = {}
        for board in self.boards:
            by_kind.setdefault(board.kind, []).append(board)
        for board in self.boards:
            self._add(rf"(?<![\w&]){re.escape(board.short_name)}(?![\w&])", board, case=True)
            self._add(rf"\b{_name_pattern(board.name)}\b", board)
            core = self._without_area(board.name)
            if core != board.name and len(core.split()) >= 2:
                clash = [
                    b for b in self.boards if b is not board and self._without_area(b.name) == core
                ]
                if not clash:
                    self._add(rf"\b{_name_pattern(core)}\b", board)
        for kind, boards in by_kind.items():
            current = [b for b in boards if not b.dissolved] or boards
            if len(boards) != 1 and len(current) != 1:
                continue
            target = boards[0] if len(boards) == 1 else current[0]
            for alias in KIND_ALIASES.get(kind, ()):
                case = bool(_CASE_SENSITIVE_ALIAS.match(alias))
                self._add(rf"(?<![\w&]){alias}(?![\w&])", target, case=case)
        known = {p.kind: p for p in self.posts}
        for kind, pattern in _POST_PATTERNS.items():
            post = known.get(kind) or PostRef(kind=kind, title=POST_TITLES[kind][0])
            self._add(pattern, post, case=kind in _CASE_SENSITIVE_POSTS)

    def _add(self, pattern: str, target, *, case: bool = False) -> None:
        self._patterns.append((re.compile(pattern, 0 if case else re.I), target))

    def _without_area(self, name: str) -> str:
        for area in sorted(self.area_names, key=len, reverse=True):
            if area and name.lower().startswith(area.lower() + " "):
                return name[len(area) + 1 :]
        return name

    # --- lookups ---------------------------------------------------------------------------

    def board(self, board_id: int | None) -> BoardRef | None:
        return next((b for b in self.boards if b.id == board_id), None)

    def board_by_short_name(self, short_name: str) -> BoardRef | None:
        return next((b for b in self.boards if b.short_name == short_name), None)

    def post(self, kind: str) -> PostRef:
        found = next((p for p in self.posts if p.kind == kind), None)
        return found or PostRef(kind=kind, title=POST_TITLES.get(kind, (kind,))[0])

    def current(self, board: BoardRef) -> BoardRef:
        """Follow a dissolved board to the board that replaced it, if any."""
        seen = set()
        while board.dissolved and board.successor_id and board.id not in seen:
            seen.add(board.id)
            successor = self.board(board.successor_id)
            if successor is None:
                break
            board = successor
        return board

    def board_name(self, board_id: int) -> str:
        board = self.board(board_id)
        return board.short_name if board else f"board {board_id}"

    # --- finding mentions ------------------------------------------------------------------

    def mentions(self, text: str) -> list[Mention]:
        """Return the boards and posts named in ``text``, longest first, not overlapping."""
        found: list[Mention] = []
        for pattern, target in self._patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    found.append(Mention(match.start(), match.end(), target, match.group(0)))
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        chosen: list[Mention] = []
        for mention in found:
            if any(mention.start < c.end and c.start < mention.end for c in chosen):
                continue
            chosen.append(mention)
        chosen.sort(key=lambda m: m.start)
        return [self._with_role(text, m) for m in chosen]

    def _with_role(self, text: str, mention: Mention) -> Mention:
        start, end, role = mention.start, mention.end, ""
        before = text[max(0, start - 60) : start]
        match = re.search(_ROLE_BEFORE + r"$", before, re.I)
        if match:
            role = re.sub(r"\s+", " ", match.group("role").lower())
            start = start - (len(before) - match.start())
        after = text[end : end + 40]
        match2 = re.match(_ROLE_AFTER, after, re.I)
        if match2 and not role:
            role = re.sub(r"^['’]s\s+", "", match2.group("role2").strip().lower())
            end = end + match2.end()
        possessive = bool(_DOCUMENT_AFTER.match(text[mention.end : mention.end + 30]))
        if role:
            possessive = False
        return Mention(start, end, mention.target, text[start:end], role, possessive)


def directory_for_area(area) -> Directory:
    """Return the directory of an area's boards (its own and those it shares) and posts."""
    from boards.models import Board, Post

    boards = [
        BoardRef(
            id=board.pk,
            name=board.name,
            short_name=board.short_name,
            kind=board.kind,
            dissolved=not board.is_current,
            successor_id=board.superseded_by_id,
        )
        for board in Board.objects.for_area(area).order_by("pk")
    ]
    posts = [
        PostRef(kind=post.kind, title=post.display_title, id=post.pk)
        for post in Post.objects.filter(area=area).exclude(kind="other").order_by("pk")
    ]
    names = tuple(n for n in (area.name, area.council_name.removesuffix(" Council")) if n)
    return Directory(boards=boards, posts=posts, area_names=names)
