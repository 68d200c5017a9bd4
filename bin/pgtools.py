"""What bin/backup and bin/restore share: finding PostgreSQL's tools and turning Django's
DATABASE_URL into a URL libpq accepts. Standard library only."""

import glob
import os
import shutil
import subprocess
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters of DATABASE_URL that are Django's (django-environ), not libpq's.
DJANGO_PARAMETERS = {"conn_max_age", "conn_health_checks", "atomic_requests", "autocommit"}


def tool(name: str) -> str:
    """The path of PostgreSQL tool ``name``: on PATH, else in the newest
    /usr/lib/postgresql/*/bin (as bin/with-postgres finds the server). Exits when missing."""
    found = shutil.which(name)
    if found:
        return found

    def version(folder: str) -> int:
        major = folder.split("/")[-2]
        return int(major) if major.isdigit() else 0

    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)
    for folder in reversed(folders):
        candidate = os.path.join(folder, name)
        if os.access(candidate, os.X_OK):
            return candidate
    sys.exit(f"{name} not found: install the PostgreSQL client (postgresql-client)")


def libpq_url(url: str, database: str | None = None) -> str:
    """``url`` (postgres://user:password@host:port/name?...) without Django's own query
    parameters, with ``database`` instead of its name when given."""
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme in {"postgres", "postgresql", "pgsql"} else parts.scheme
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in DJANGO_PARAMETERS]
    path = f"/{database}" if database is not None else parts.path
    return urlunsplit((scheme, parts.netloc, path, urlencode(query), ""))


def database_name(url: str) -> str:
    """The database name of ``url``."""
    return urlsplit(url).path.lstrip("/")


def run(*command: str, quiet: bool = False) -> None:
    """Run ``command``; on failure print its error output and exit with its status."""
    # The commands are PostgreSQL's tools with arguments of the operator's environment.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    if not quiet and result.stdout:
        sys.stdout.write(result.stdout)
