"""Reporting: democratic services' committee reports and the evidence of compliance.

Owns committee reports in the council's house format with their clearance workflow and
PDF / Word exports, agenda packs, the compliance dashboard, the annual report tracker and
inspection evidence packs. It reads ``protocols``, ``calendar_cycle`` and ``boards`` and
reuses the protocol PDF renderer; nothing depends on it.
"""
