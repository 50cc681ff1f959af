"""Every write to the protocols app. Views, the API, commands and the admin all come here.

Functions are named ``<entity>_<action>``, take keyword-only arguments including
``actor``, run in one transaction, check the permission policy in
``protocols.permissions``, and refuse with a ``DomainError`` carrying a sentence the user
can act on. Only ``version_transition`` (and the services that complete an approval or a
signature round) write a version's status.
"""

from ._common import version_status_changed
from .agreement import (
    approval_record,
    signatories_required,
    signature_add,
    signature_add_demo,
    signature_status,
    version_signatures_intact,
)
from .authoring import (
    DEFAULT_LADDER,
    DEFAULT_REVIEW_RULE,
    ladder_step_add,
    ladder_step_delete,
    ladder_step_update,
    obligation_add,
    obligation_delete,
    obligation_update,
    party_add,
    party_remove,
    party_update,
    post_responsibility_add,
    post_responsibility_delete,
    post_responsibility_update,
    protocol_create,
    section_add,
    section_delete,
    section_move,
    section_update,
    version_update,
)
from .concerns import (
    concern_escalate,
    concern_raise,
    concern_resolve,
    concern_respond,
    concern_withdraw,
)
from .consultation import comment_add, comment_resolve
from .review import concern_suggest, concern_suggestion_close, version_review_open_due
from .workflow import version_new, version_transition

__all__ = [
    "DEFAULT_LADDER",
    "DEFAULT_REVIEW_RULE",
    "approval_record",
    "comment_add",
    "comment_resolve",
    "concern_escalate",
    "concern_raise",
    "concern_resolve",
    "concern_respond",
    "concern_suggest",
    "concern_suggestion_close",
    "concern_withdraw",
    "ladder_step_add",
    "ladder_step_delete",
    "ladder_step_update",
    "obligation_add",
    "obligation_delete",
    "obligation_update",
    "party_add",
    "party_remove",
    "party_update",
    "post_responsibility_add",
    "post_responsibility_delete",
    "post_responsibility_update",
    "protocol_create",
    "section_add",
    "section_delete",
    "section_move",
    "section_update",
    "signatories_required",
    "signature_add",
    "signature_add_demo",
    "signature_status",
    "version_new",
    "version_review_open_due",
    "version_signatures_intact",
    "version_status_changed",
    "version_transition",
    "version_update",
]
