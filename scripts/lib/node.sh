# Node.js and npm for the web console, sourced by the scripts that build or
# test it. Vite 8 needs Node 20.19 or later and Debian 12's nodejs is 18.19,
# so when the machine's node is missing or older, scripts/deps unpacks a
# pinned Node and npm from the npm registry into .tools/ (node_install_local)
# and sourcing this puts them first on PATH.

abonado_tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.tools"
if [[ -x $abonado_tools/node/bin/node ]]; then
  export PATH="$abonado_tools/node/bin:$abonado_tools/bin:$PATH"
fi

# True when `node` on PATH is 20.19 or later.
node_is_recent() {
  command -v node >/dev/null &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number);
             process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

# Downloads one npm registry tarball, checks it against its pinned sha512
# (the registry's "integrity") and unpacks it into DIR.
node_fetch_package() {
  local url=$1 integrity=$2 dir=$3 tgz
  tgz=$(mktemp)
  curl -fsS --retry 3 -o "$tgz" "$url"
  if [[ "sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)" != "$integrity" ]]; then
    rm -f "$tgz"
    echo "deps: $url does not match its pinned checksum" >&2
    return 1
  fi
  rm -rf "$dir.new" && mkdir -p "$dir.new"
  tar -xzf "$tgz" -C "$dir.new" --strip-components=1
  rm -rf "$dir" && mv "$dir.new" "$dir"
  rm -f "$tgz"
}

# Node 20.20.2 (the npm registry's node-linux-* packages hold the official
# binaries) and npm 11.19.1 into .tools/, then on PATH.
node_install_local() {
  local registry=https://registry.npmjs.org arch
  case $(uname -m) in
    x86_64)
      arch=x64
      local node_sum=sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==
      ;;
    aarch64)
      arch=arm64
      local node_sum=sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==
      ;;
    *)
      echo "deps: no Node.js 20.19+ here and none pinned for $(uname -m): install one" >&2
      return 1
      ;;
  esac
  local found
  found=$(node --version 2>/dev/null || true)
  echo "deps: Node.js 20.19+ needed (found: ${found:-none}); unpacking Node 20.20.2 and" \
    "npm 11.19.1 from the npm registry into .tools/" >&2
  node_fetch_package "$registry/node-linux-$arch/-/node-linux-$arch-20.20.2.tgz" "$node_sum" \
    "$abonado_tools/node"
  node_fetch_package "$registry/npm/-/npm-11.19.1.tgz" \
    sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g== \
    "$abonado_tools/npm"
  # npm's own bin/npm looks for a Node.js install tree around it: call its CLI.
  mkdir -p "$abonado_tools/bin"
  local tool
  for tool in npm npx; do
    printf '#!/bin/sh\nexec node "%s/npm/bin/%s-cli.js" "$@"\n' "$abonado_tools" "$tool" \
      >"$abonado_tools/bin/$tool"
    chmod +x "$abonado_tools/bin/$tool"
  done
  export PATH="$abonado_tools/node/bin:$abonado_tools/bin:$PATH"
}
