#!/usr/bin/env bash
# `npm run images`: builds every image of deploy/images.json (the one list of images) from the
# repository's Dockerfile with docker buildx, one `--build-arg APP=<app>` each.
#
#   npm run images                                   # this machine's platform, loaded as voltlane/<app>:dev
#   npm run images -- ocpp-gateway allinone          # only these
#   npm run images -- --registry ghcr.io/acme --tag 0.2.0 --platform linux/amd64,linux/arm64 --push
#
# --registry R   images are named R/<app> (default voltlane)
# --tag T        image tag and the images' VERSION label (default dev)
# --platform P   comma-separated platforms (default: the builder's own); several need --push
# --push         push to the registry (with provenance and SBOM attestations) instead of loading
#                into the local engine
# --dry-run      print the buildx commands, build nothing (needs no Docker)
#
# Needs a Docker engine with the buildx plugin; fails naming what is missing when none answers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

registry=voltlane tag=dev platform="" push=0 dry=0
only=()
while (($# > 0)); do
  case "$1" in
    --registry | --tag | --platform)
      [[ $# -ge 2 && -n "$2" ]] || { echo "images: $1 needs a value" >&2; exit 2; }
      case "$1" in --registry) registry="$2" ;; --tag) tag="$2" ;; --platform) platform="$2" ;; esac
      shift 2 ;;
    --push) push=1; shift ;;
    --dry-run) dry=1; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "images: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
  esac
done

mapfile -t images < <(node -e 'for (const app of require("./deploy/images.json").images) console.log(app)')
((${#images[@]} > 0)) || { echo "images: deploy/images.json lists no images" >&2; exit 1; }
if ((${#only[@]} > 0)); then
  for app in "${only[@]}"; do
    [[ " ${images[*]} " == *" $app "* ]] || { echo "images: '$app' is not in deploy/images.json (${images[*]})" >&2; exit 2; }
  done
  images=("${only[@]}")
fi
if [[ "$platform" == *,* ]] && ((!push)); then
  echo "images: several platforms ($platform) cannot be loaded into the local engine; add --push" >&2
  exit 2
fi

if ((!dry)); then
  command -v docker >/dev/null || {
    echo "images: no 'docker' command on PATH: npm run images needs a Docker engine with the buildx plugin" >&2
    exit 1
  }
  if ! err="$(docker info --format '{{.ServerVersion}}' 2>&1 >/dev/null)"; then
    echo "images: no Docker engine answers (docker info: ${err%%$'\n'*})" >&2
    echo "images: start Docker (or point DOCKER_HOST at an engine), then run npm run images again" >&2
    exit 1
  fi
  docker buildx version >/dev/null 2>&1 || {
    echo "images: the Docker engine answers but the buildx plugin is missing (docker buildx version failed)" >&2
    exit 1
  }
fi

built=()
for app in "${images[@]}"; do
  cmd=(docker buildx build --file Dockerfile --target runtime
    --build-arg "APP=$app" --build-arg "VERSION=$tag" --tag "$registry/$app:$tag")
  [[ -n "$platform" ]] && cmd+=(--platform "$platform")
  if ((push)); then cmd+=(--push --provenance=mode=max --sbom=true); else cmd+=(--load); fi
  cmd+=(.)
  printf '[images] %s\n' "${cmd[*]}" >&2
  ((dry)) || "${cmd[@]}"
  built+=("$registry/$app:$tag")
done
printf '[images] %s %d images: %s\n' "$( ((dry)) && echo 'would build' || echo 'built')" "${#built[@]}" "${built[*]}" >&2
