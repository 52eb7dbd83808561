#!/bin/sh
# Run once by the postgres image, when it makes the database (an empty volume): the app's user
# owns its database and nothing else, not the whole server. The superuser keeps no password, so
# it logs in only over the container's own socket (`docker compose exec db psql -U postgres`).
set -eu
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "$POSTGRES_DB" \
    -v app="$APP_DB_USER" -v password="$APP_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app" LOGIN PASSWORD :'password';
ALTER DATABASE :"db" OWNER TO :"app";
ALTER ROLE CURRENT_USER PASSWORD NULL;
SQL
