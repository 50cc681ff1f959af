"""Boards: the partnership bodies and the people in them, and the shared kernel.

Owns areas (local authority areas), organisations, boards (safeguarding children
partnerships, health and wellbeing boards, safeguarding adults boards, ...) with their
successors, subgroups, people, memberships and roles, post holders, business-plan
priorities and meetings. It also holds the kernel every other app builds on: the base
model, ``DomainError``, and the one permission policy (who may see and edit what, by
area and membership) used by views and the API alike. It does not know about protocols,
their obligations or reports; those apps depend on it, never the other way round.
"""
