import os

from django.core.wsgi import get_wsgi_application

from dovetail.core.secrets import require_production_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")
# `dovetail demo` serves with the installation's own key; every other start is production.
if os.environ.get("DOVETAIL_DEMO") != "1":
    require_production_key()
application = get_wsgi_application()
