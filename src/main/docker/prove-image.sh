#!/usr/bin/env bash
# Proves the container image on this machine with podman: builds the base image from Debian packages (cached),
# the application (./mvnw package) and the image (Dockerfile.jvm on that base), then runs the api and the notifier
# as containers the way the Deployments run them (read-only root filesystem, user 185, tmpfs /tmp, the manifests'
# memory and CPU limits, configured only by environment variables) against the local PostgreSQL, a Kafka broker
# and an SMTP server, and checks: the api becomes ready, a sign-up's mail arrives through the notifier container,
# SIGTERM stops each container within terminationGracePeriodSeconds. Prints the image size and start-up times.
#
#   src/main/docker/prove-image.sh
#   SKIP_BUILD=1 ...            reuse target/quarkus-app (e.g. after ./mvnw verify, as in .ci/run)
#   BASE_IMAGE=docker.io/library/eclipse-temurin:17-jre ...   another base (pulled by podman; skips the Debian build)
#   REBUILD_BASE=1 ...          rebuild the Debian base image
#   PODMAN_OPTS, PODMAN_RUN_OPTS   podman's global and run options (defaults: --runtime runc
#                               --cgroup-manager=cgroupfs; --ulimit nofile=1024:1024 --ulimit nproc=1024:1024
#                               --network=host: what works on a cgroup v1 host with Debian's podman and runc)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the PostgreSQL server (a fresh database is created and dropped)
#
# Needs root (debootstrap, rootful podman), podman, runc, debootstrap (apt-get install podman runc debootstrap),
# Java 17 and a PostgreSQL that lets PGUSER in without a password from 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../../.."

log() { echo "[proof] $*" >&2; }
start=$(date +%s)
export PODMAN_OPTS=${PODMAN_OPTS:-"--runtime runc --cgroup-manager=cgroupfs"}
export PODMAN_RUN_OPTS=${PODMAN_RUN_OPTS:-"--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network=host"}
IMAGE=${IMAGE:-localhost/countersign:proof}
command -v podman >/dev/null || { log "podman is missing (apt-get install podman runc)"; exit 1; }

# shellcheck disable=SC2086 # option lists
if [[ -z ${BASE_IMAGE:-} ]]; then
    BASE_IMAGE=$(src/main/docker/build-base-debian.sh)
elif ! podman $PODMAN_OPTS image exists "$BASE_IMAGE"; then
    podman $PODMAN_OPTS pull -q "$BASE_IMAGE" >/dev/null
fi

classpath_file=target/image-proof.classpath
if [[ ${SKIP_BUILD:-} != 1 || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    log "building (./mvnw package -DskipTests)"
    ./mvnw -B -q package -DskipTests \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
elif [[ ! -f $classpath_file || ! -d target/test-classes ]]; then
    # after ./mvnw verify (CI): only the test classpath of the proof is missing
    ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
fi

build_start=$(date +%s)
# shellcheck disable=SC2086
podman $PODMAN_OPTS build -q -f src/main/docker/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" . >/dev/null
log "built $IMAGE on $BASE_IMAGE in $(($(date +%s) - build_start)) s"

java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat "$classpath_file")" io.countersign.deploy.ImageProof "$IMAGE"
log "done in $(($(date +%s) - start)) s"
