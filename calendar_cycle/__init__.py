"""Calendar cycle: turning in-force obligations into dated occurrences.

Owns the financial-year and window arithmetic, the occurrences generated from each
obligation's timing rule, their states and evidence, reminders and their schedule in
Celery beat, the what's-due and calendar views and the iCalendar feeds. It reads
``protocols`` and ``boards``; neither of them depends on it.
"""
