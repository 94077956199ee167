#!/usr/bin/env bash
# Local stand-ins for the two base images homesec/Dockerfile builds on, for machines that cannot pull
# ghcr.io/home-assistant/base-debian:bookworm or node:22-bookworm-slim (only Debian's mirrors and the
# npm registry reachable). Prints two lines, BUILD_FROM=<image> and NODE_IMAGE=<image>.
#   base: a Debian bookworm minbase root (debootstrap) with bash, curl, jq and this machine's CA bundle
#   node: the base plus Node 22 from the npm registry's node-linux-<arch> package and npm 10
# Both are kept in buildah's storage, and the debootstrap root and npm tarballs in the cache folder
# (HOMESEC_IMAGE_CACHE, default /var/tmp/homesec-image-cache), so a second run takes seconds.
set -euo pipefail

CACHE="${HOMESEC_IMAGE_CACHE:-/var/tmp/homesec-image-cache}"
BASE_IMAGE=localhost/homesec-standin-base:bookworm
NODE_IMAGE=localhost/homesec-standin-node:22
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

log() { printf '[standins] %s\n' "$*" >&2; }
die() { printf '[standins] error: %s\n' "$*" >&2; exit 1; }

for tool in buildah debootstrap npm tar; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (apt-get install buildah debootstrap fuse-overlayfs uidmap; Node.js with npm)"
done
[ -r "$CA_BUNDLE" ] || die "$CA_BUNDLE is missing (apt-get install ca-certificates)"
mkdir -p "$CACHE"
# Without this every `buildah run` fails on setrlimit in containers here; a private file, so the
# machine's /etc/containers stays untouched.
if [ -z "${CONTAINERS_CONF:-}" ]; then
  printf '[containers]\ndefault_ulimits = []\n' >"$CACHE/containers.conf"
  export CONTAINERS_CONF="$CACHE/containers.conf"
fi

image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }

case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64 | arm64) node_arch=arm64 ;;
  *) die "no Node build for $(uname -m)" ;;
esac

build_base() {
  local tarball="$CACHE/bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    local root="$CACHE/bookworm-root.partial"
    rm -rf "$root"
    log "debootstrap bookworm (minbase) from $MIRROR"
    debootstrap --variant=minbase --include=ca-certificates,curl,jq,bash bookworm "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
      { tail -n 30 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    # The base image's apt sees the same suites as the real HA base (updates and security fixes).
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
      "$MIRROR" "$MIRROR" "$SECURITY_MIRROR" >"$root/etc/apt/sources.list"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$root"
  else
    log "reusing $tarball"
  fi
  local c
  c=$(buildah from scratch)
  buildah add "$c" "$tarball" / >/dev/null
  # Downloads inside builds go through the same TLS inspection as this machine's: trust what it trusts.
  buildah copy "$c" "$CA_BUNDLE" /etc/ssl/certs/ca-certificates.crt >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt --env LANG=C.UTF-8 --cmd /bin/bash "$c"
  buildah commit --quiet "$c" "$BASE_IMAGE" >/dev/null
  buildah rm "$c" >/dev/null
}

fetch_npm_tarball() {
  # npm pack prints the file name it wrote; the tarball stays in the cache for the next run.
  local spec="$1" dest="$CACHE/npm"
  mkdir -p "$dest"
  (cd "$dest" && npm pack --silent "$spec" | tail -n 1)
}

build_node() {
  log "fetching node-linux-$node_arch@22 and npm@10 from the npm registry"
  local node_tgz npm_tgz c mnt
  node_tgz="$CACHE/npm/$(fetch_npm_tarball "node-linux-$node_arch@22")"
  npm_tgz="$CACHE/npm/$(fetch_npm_tarball "npm@10")"
  c=$(buildah from "$BASE_IMAGE")
  mnt=$(buildah mount "$c")
  local stage="$CACHE/node-stage"
  rm -rf "$stage" && mkdir -p "$stage/node" "$stage/npm"
  tar -xzf "$node_tgz" -C "$stage/node" --strip-components=1
  tar -xzf "$npm_tgz" -C "$stage/npm" --strip-components=1
  install -D -m 0755 "$stage/node/bin/node" "$mnt/usr/local/bin/node"
  mkdir -p "$mnt/usr/local/include" "$mnt/usr/local/lib/node_modules"
  cp -a "$stage/node/include/." "$mnt/usr/local/include/"
  cp -a "$stage/npm" "$mnt/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
  rm -rf "$stage"
  buildah umount "$c" >/dev/null
  buildah run --isolation chroot "$c" -- node --version >&2
  buildah commit --quiet "$c" "$NODE_IMAGE" >/dev/null
  buildah rm "$c" >/dev/null
}

if image_exists "$BASE_IMAGE"; then log "reusing $BASE_IMAGE"; else build_base; fi
if image_exists "$NODE_IMAGE"; then log "reusing $NODE_IMAGE"; else build_node; fi
echo "BUILD_FROM=$BASE_IMAGE"
echo "NODE_IMAGE=$NODE_IMAGE"
