# Production image for migrate, web, worker, beat, flower and backup (see docker-compose.yml;
# postgresql-client 15, the server's major version, for bin/backup): runtime dependencies
# only (requirements.lock; the tools of requirements-dev.lock stay out), static files
# compressed and hashed for whitenoise, nothing local (.dockerignore). The NL Design System
# CSS comes from npm in a build stage (package-lock.json, runtime dependencies only: no
# axe-core) and is collected with the other static files; no Node.js in the image.
FROM node:20-bookworm-slim AS npm
WORKDIR /npm
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    fonts-dejavu-core gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=npm /npm/node_modules ./node_modules
RUN DEBUG=1 DATABASE_URL=postgres://build/none python manage.py compilemessages -v 0 \
 && DEBUG=1 DATABASE_URL=postgres://build/none python manage.py collectstatic --noinput -v 0
RUN useradd --system --uid 1000 bwk && mkdir -p /app/media /app/archive /backups \
 && chown bwk /app/media /app/archive /backups
USER bwk
EXPOSE 8000
CMD ["gunicorn", "-c", "bwk/gunicorn_conf.py", "bwk.wsgi"]
