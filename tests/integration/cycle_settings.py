"""Settings for the worker and beat processes the reporting-cycle integration test starts.

The test settings, with tasks sent to the real broker rather than run in place, and
email written to files in CYCLE_MAIL_DIR so the test can read what another process sent.
"""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["CYCLE_MAIL_DIR"]
