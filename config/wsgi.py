import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# What start-up makes (Django, the URLconf and the libraries its views use: PDF, Word, Excel, holidays, numpy;
# about 250,000 objects) lives as long as the process. A full garbage collection walked all of it, 250 to 350 ms
# once every 150 to 200 requests (bench/RESULTS.md); loaded now and frozen, collections walk only what requests
# make, and the first request does not wait for the URLconf.
import_module(settings.ROOT_URLCONF)
gc.freeze()
