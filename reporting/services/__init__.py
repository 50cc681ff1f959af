"""Writes to committee reports. Views, commands and the demo all come here.

A report is written as a draft, sent for clearance to the officers named on it, cleared
by the Head of Democratic Services (or a democratic services officer on the Head's
behalf) once every named officer has recorded their clearance, and published. The
transitions are the table ``TRANSITIONS``; ``_transition`` is the one function that
moves a report between them. A cleared report is frozen: ``report_revise`` starts a new
revision, and the old one stays as it was.
"""

from ._common import (
    AGENDA_LATE,
    CLEARED_FROZEN,
    FOR_HEAD_OF_DEMOCRATIC_SERVICES,
    HEAD_OF_DEMOCRATIC_SERVICES,
    IN_CLEARANCE_FROZEN,
    NOT_DEMOCRATIC_SERVICES,
    NOTHING_TO_REVISE,
    REVISE_IN_CLEARANCE,
)
from .clearance import clearance_add, clearance_record, clearance_remove
from .workflow import (
    TRANSITIONS,
    Transition,
    refusal,
    report_clear,
    report_publish,
    report_revise,
    report_submit,
    report_withdraw,
)
from .writing import (
    occurrence_report_title,
    protocol_report_title,
    report_create,
    report_from_occurrence,
    report_from_protocol,
    report_implications_replace,
    report_sections_replace,
    report_update,
)

__all__ = [
    "AGENDA_LATE",
    "CLEARED_FROZEN",
    "FOR_HEAD_OF_DEMOCRATIC_SERVICES",
    "HEAD_OF_DEMOCRATIC_SERVICES",
    "IN_CLEARANCE_FROZEN",
    "NOTHING_TO_REVISE",
    "NOT_DEMOCRATIC_SERVICES",
    "REVISE_IN_CLEARANCE",
    "TRANSITIONS",
    "Transition",
    "clearance_add",
    "clearance_record",
    "clearance_remove",
    "occurrence_report_title",
    "protocol_report_title",
    "refusal",
    "report_clear",
    "report_create",
    "report_from_occurrence",
    "report_from_protocol",
    "report_implications_replace",
    "report_publish",
    "report_revise",
    "report_sections_replace",
    "report_submit",
    "report_update",
    "report_withdraw",
]
