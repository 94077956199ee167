#!/usr/bin/env bash
# Writes a local add-on folder that the Supervisor builds itself (Settings > Add-ons > Add-on store >
# Local add-ons), for people who run HomeSec from source instead of the published image.
#
#   scripts/local-addon.sh DEST [--ref GIT_REF]
#
# The Supervisor builds an add-on with its own folder as the build context, and homesec/Dockerfile
# needs the repository root (server/, web/, models/). So DEST gets the repository's layout: the
# sources (the checkout's files as git sees them, or GIT_REF), the Dockerfile at the top, and a
# config.yaml without `image:` (so the Supervisor builds instead of pulling) and with its own slug
# (so it can sit next to the published add-on). Copy DEST into the `addons` share of Home
# Assistant (Samba or SSH), e.g. /addons/homesec_local, then reload the add-on store.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/local-addon.sh DEST [--ref GIT_REF]" >&2; exit 2; }
dest="" ref=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) [ $# -ge 2 ] || usage; ref="$2"; shift 2 ;;
    -h | --help) usage ;;
    *) [ -z "$dest" ] || usage; dest="$1"; shift ;;
  esac
done
[ -n "$dest" ] || usage
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "local-addon: $dest exists and is not empty" >&2
  exit 1
fi
mkdir -p "$dest"

# What the image build reads, at the same paths as in the repository.
sources=(package.json package-lock.json tsconfig.base.json server web models LICENSE NOTICE homesec/rootfs)
if [ -n "$ref" ]; then
  git archive --format=tar "$ref" -- "${sources[@]}" | tar -x -C "$dest"
else
  git ls-files -z --cached --others --exclude-standard -- "${sources[@]}" |
    while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
    xargs -0 cp --parents -p -t "$dest"
fi

# The add-on itself: the same Dockerfile (the folder has the repository's layout) and documents.
cp -p homesec/Dockerfile "$dest/Dockerfile"
cp -p homesec/Dockerfile.dockerignore "$dest/Dockerfile.dockerignore"
cp -p homesec/DOCS.md homesec/CHANGELOG.md homesec/icon.png homesec/logo.png "$dest/"
cp -rp homesec/translations "$dest/translations"
sed -e '/^image:/d' \
  -e 's/^slug: homesec$/slug: homesec_local/' \
  -e 's/^name: HomeSec$/name: HomeSec (local build)/' \
  homesec/config.yaml >"$dest/config.yaml"
grep -q '^slug: homesec_local$' "$dest/config.yaml" || { echo "local-addon: could not rewrite the slug" >&2; exit 1; }

echo "local-addon: wrote $dest (${ref:-working tree}); copy it into Home Assistant's addons folder"
