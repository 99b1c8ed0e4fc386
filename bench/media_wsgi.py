"""The site plus /media/ served by WhiteNoise: a stand-in for nginx when auditing pages with Lighthouse
(production settings never serve uploaded files from Django).

    gunicorn -c gunicorn.conf.py --pythonpath bench media_wsgi:application
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whitenoise import WhiteNoise  # noqa: E402

from django.conf import settings  # noqa: E402

from wsgi import application as site  # noqa: E402

application = WhiteNoise(site, autorefresh=True, max_age=60 * 60 * 24 * 365)
application.add_files(os.fspath(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
