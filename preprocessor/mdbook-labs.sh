#!/bin/sh
# The preprocessor command of this repository's book.toml: runs the workspace-built
# `target/release/mdbook-labs` (rebuilt first when its sources changed and cargo is here),
# else an installed `mdbook-labs`, else says what to run. Never compiles silently.
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${CARGO_TARGET_DIR:-$here/target}/release/mdbook-labs"
if [ -x "$bin" ] && command -v cargo >/dev/null 2>&1 &&
  [ -n "$(find "$here/preprocessor/src" "$here/preprocessor/Cargo.toml" "$here/physics/src" "$here/render/src" -newer "$bin" -print -quit 2>/dev/null)" ]; then
  echo "mdbook-labs: sources changed, rebuilding it (cargo build --release -p mdbook-labs)" >&2
  (cd "$here" && cargo build --quiet --release -p mdbook-labs >&2) || exit 1
fi
if [ -x "$bin" ]; then exec "$bin" "$@"; fi
if command -v mdbook-labs >/dev/null 2>&1; then exec mdbook-labs "$@"; fi
# `supports` must succeed, or mdBook would skip the preprocessor without a word.
[ "$1" = supports ] && exit 0
echo "error: mdbook-labs is not built. Run \`cargo xtask build\` (builds it and the widgets), or \`cargo install --path preprocessor\`, then \`mdbook build\` again." >&2
exit 1
