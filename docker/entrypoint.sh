#!/bin/sh
# Container entrypoint: one image runs any of the five services, chosen by $SERVICE
# (baked in from the SERVICE build argument, overridable at run time). Arguments pass
# through, so `... <image> migrate` runs that service's migrations and exits.
set -eu

cd "$(dirname "$0")/.."

# libs/config reads the database settings from the environment at boot, before any secrets
# provider exists, so the database password arrives as PGPASSWORD (which node-postgres reads
# when DATABASE_URL carries no password). <NAME>_FILE loads it from a mounted secret file,
# the convention of the official postgres image. Values are never printed.
file_env() {
  var="$1"
  file_var="${var}_FILE"
  eval "current=\${$var:-}"
  eval "file=\${$file_var:-}"
  if [ -z "$file" ]; then
    return 0
  fi
  if [ -n "$current" ]; then
    echo "entrypoint: both $var and $file_var are set; set only one" >&2
    exit 78
  fi
  if [ ! -r "$file" ]; then
    echo "entrypoint: $file_var names a file that is missing or unreadable by uid $(id -u)" >&2
    exit 78
  fi
  # $(...) drops trailing newlines, so a file written by `openssl rand -hex 32 > f` works.
  current="$(cat "$file")"
  export "$var=$current"
  unset "$file_var" current file
}

file_env PGPASSWORD
file_env DATABASE_URL
file_env AUDIT_DATABASE_URL

case "${SERVICE:-}" in
  api-gateway | auth-service | user-service | audit-service | rotation-service) ;;
  *)
    echo "entrypoint: SERVICE must be one of api-gateway, auth-service, user-service, audit-service, rotation-service (got '${SERVICE:-}')" >&2
    exit 64
    ;;
esac

exec node -r ./tools/runtime/register-paths.js "dist/apps/${SERVICE}/src/main.js" "$@"
