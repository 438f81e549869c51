# shellcheck shell=bash
# tools/docs.sh - the lesson site: build it strictly and serve it (conformance/DocsIT
# opens it in Chromium).
# Sourced by ./workshop; uses its say, die and settings.

# The Debian packages the site's build and DocsIT (Chromium) need.
PKGS_DOCS=(mkdocs mkdocs-material python3-pymdownx chromium chromium-driver fonts-thai-tlwg)

# docs_build: builds the lesson site (mkdocs.yml, docs/) into target/site,
# strictly: a warning, a broken link or a missing included source fails it.
docs_build() {
	local log=$CACHE/docs-build.log
	ensure_pkgs "docs" "${PKGS_DOCS[@]}"
	say "docs: building the lesson site (mkdocs build --strict)"
	# Debian's python3 on purpose: mkdocs and its theme are Debian packages,
	# which a pyenv or venv python3 earlier on PATH cannot see.
	(cd "$ROOT" && /usr/bin/python3 -m mkdocs build --strict --clean) >"$log" 2>&1 || {
		grep -E 'WARNING|ERROR|Error' "$log" | head -5 >&2 || true
		die "the lesson site does not build: see $log"
	}
}

cmd_docs() {
	local port=${WORKSHOP_DOCS_PORT:-8000}
	docs_build
	say "docs: serving the site on http://127.0.0.1:$port/ (Ctrl-C stops it; run '$PROG docs' again after editing)"
	exec /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT/target/site"
}
