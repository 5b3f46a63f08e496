#!/usr/bin/env bash
# Builds a JRE base image from Debian's packages, for machines that reach a Debian mirror but no container
# registry: debootstrap of Debian 12 (bookworm, minbase) plus openjdk-17-jre-headless, imported with
# `podman import`. Needs root, debootstrap and podman. Prints the image name; an existing image is reused
# (REBUILD_BASE=1 rebuilds it).
#
#   src/main/docker/build-base-debian.sh            -> localhost/countersign-base:debian12-jre17
#   BASE_IMAGE=localhost/my-jre:17 MIRROR=http://deb.debian.org/debian src/main/docker/build-base-debian.sh
#
# Use it as the base of Dockerfile.jvm: podman build --build-arg BASE_IMAGE=localhost/countersign-base:debian12-jre17 ...
set -euo pipefail

BASE_IMAGE=${BASE_IMAGE:-localhost/countersign-base:debian12-jre17}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm

log() { echo "[base] $*" >&2; }

if [[ ${REBUILD_BASE:-0} != 1 ]] && podman image exists "$BASE_IMAGE"; then
    log "reusing $BASE_IMAGE (REBUILD_BASE=1 rebuilds it)"
    echo "$BASE_IMAGE"
    exit 0
fi
[[ $(id -u) == 0 ]] || { log "debootstrap needs root"; exit 1; }
command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }

rootfs=$(mktemp -d /var/tmp/countersign-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
start=$(date +%s)
log "debootstrap $SUITE (minbase + openjdk-17-jre-headless) from $MIRROR"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
    "$SUITE" "$rootfs" "$MIRROR" >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

# the user the image runs as (185, as in the UBI OpenJDK images and the Kubernetes manifests), group 0
chroot "$rootfs" useradd --uid 185 --gid 0 --home-dir /deployments --no-create-home --shell /usr/sbin/nologin countersign
mkdir -p "$rootfs/deployments"
chown 185:0 "$rootfs/deployments"
# nothing at run time needs the package manager's caches, documentation or locales
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log \
    "$rootfs"/usr/share/locale/*
java_home=$(dirname "$(dirname "$(chroot "$rootfs" readlink -f /usr/bin/java)")")

tar -C "$rootfs" -c . | podman import \
    --change "ENV JAVA_HOME=$java_home" \
    --change "ENV LANG=C.UTF-8" \
    --change 'CMD ["/bin/bash"]' \
    - "$BASE_IMAGE" >/dev/null
log "built $BASE_IMAGE in $(($(date +%s) - start)) s ($(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%d MB", $1/1000000}'))"
echo "$BASE_IMAGE"
