#!/bin/sh
# Run once by docker-compose.yml's `keys` service into the `keys` volume (never committed, never in an image): the JWT
# key pair, PostgreSQL's password, a Redis ACL user per service and the API-key cache's MAC key. Services read
# theirs from /keys/agentplane.properties (QUARKUS_CONFIG_LOCATIONS), PostgreSQL from /keys/postgres.password,
# Redis its users from /keys/users.acl. Files that exist are kept: delete the volume to make new ones.
set -eu
cd /keys
SERVICES="agent-registry session-service execution-service attachment-service billing-service knowledge-service"
if [ ! -s private.pem ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem
  openssl pkey -in private.pem -pubout -out public.pem
fi
if [ ! -s agentplane.properties ]; then
  pg=$(openssl rand -hex 24)
  printf '%s' "$pg" >postgres.password
  {
    echo "quarkus.datasource.password=$pg"
    echo "agentplane.api-key.cache-mac-key=$(openssl rand -base64 32)"
  } >agentplane.properties
  # the default user may only PING (health checks); each service signs in as itself (docs/operations.md)
  echo "user default on nopass -@all +ping" >users.acl
  for s in $SERVICES; do
    pw=$(openssl rand -hex 24)
    echo "agentplane.redis.passwords.$s=$pw" >>agentplane.properties
    echo "user $s on #$(printf '%s' "$pw" | openssl dgst -sha256 -r | cut -d' ' -f1) ~* &* +@all -@admin -@dangerous +config|get +info" >>users.acl
  done
fi
# read by the services (uid 1001), Redis (999) and PostgreSQL (999): the volume is mounted only into the platform's
# own containers
chmod 644 ./*.pem agentplane.properties postgres.password users.acl
