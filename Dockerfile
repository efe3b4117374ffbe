FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs a SECRET_KEY to import settings; this one is used for nothing else.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --system --home /app complaints && mkdir -p /data/media && chown complaints /data/media
USER complaints
EXPOSE 8000
# The access log names the path without its query string (%(U)s, not %(r)s) and no referrer: a search for a
# name or a postcode ("/staff/search/?q=…", "/api/v1/complaints/?search=…") is personal data.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(L)s"]
