#!/bin/sh
# Regenerate migration 0001 from src/opsreport/store/models.py.
# Allowed only until the first release: after that, add a new revision instead.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/src/opsreport/store"
tmp=$(mktemp -d)
printf '[alembic]\nscript_location = %s/migrations\n' "$PWD" > "$tmp/alembic.ini"
rm -f migrations/versions/0001_*.py
"$root/.venv/bin/alembic" -c "$tmp/alembic.ini" -x "url=sqlite:///$tmp/dev.db" \
  revision --autogenerate -m "initial schema: every record kind" --rev-id 0001 >/dev/null
"$root/.venv/bin/ruff" check --fix -q migrations/versions/ || true
"$root/.venv/bin/ruff" format -q migrations/versions/ || true
rm -rf "$tmp"
echo "regenerated migration 0001"
