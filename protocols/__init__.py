"""Protocols: the written agreements between boards and their whole life.

Owns protocols and their numbered versions, sections, structured obligations with their
timing rules, post-holder responsibilities, consultation comments, board approvals,
chairs' signatures (with the canonical content hash they sign), the lifecycle state
machine, and the resolution ladder for concerns. It builds on ``boards`` and knows
nothing of the dated occurrences (``calendar_cycle``) or committee reports (``reporting``).
"""
