#!/usr/bin/env bash
# Runs Countersign on this machine with a real PostgreSQL, Kafka broker, SMTP catcher and SMS gateway stub
# (no Docker; e-mails and SMS both appear in the mailbox at http://localhost:8025/, see docs/local-run.md).
# Needs only Java 17 and access to Maven Central. Ctrl-C or SIGTERM stops everything. See README "Run it locally".
#
#   ./run-local.sh            build, then start everything (API on :8080)
#   PORT=9090 ./run-local.sh  another API port
#   SKIP_BUILD=1 ./run-local.sh   reuse the last build
#   LOCAL_RUN_OPTS="-Dcountersign.local.postgres-port=55433 -Dcountersign.local.smtp-port=2526 \
#     -Dcountersign.local.mailbox-port=8026" ./run-local.sh   other ports for the services
set -euo pipefail
cd "$(dirname "$0")"

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then
    echo "run-local.sh needs Java 17 or newer on the PATH (found: ${java_major:-none})" >&2
    exit 1
fi

classpath_file=target/local-run.classpath
if [[ "${SKIP_BUILD:-}" != 1 || ! -f "$classpath_file" || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    echo "[local] building (./mvnw package -DskipTests) ..."
    ./mvnw -B -q package -DskipTests \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
fi

# shellcheck disable=SC2086 # LOCAL_RUN_OPTS holds several options
exec java ${LOCAL_RUN_OPTS:-} \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dcountersign.local.root=. \
    -Dcountersign.local.api-port="${PORT:-8080}" \
    -cp "target/test-classes:$(cat "$classpath_file")" \
    io.countersign.local.LocalRun
