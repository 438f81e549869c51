# shellcheck shell=bash
# tools/docs.sh - the lesson site: build it strictly, serve it, check it in Chromium.
# Sourced by ./workshop; uses its say, die and settings.

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

# docs_check: opens every page of the built site, in both languages, in
# headless Chromium, and checks that stage pages show each included source
# file as a code block, that Thai pages hold Thai text, that every language
# switch leads to the same page in the other language (and back), that no
# page loads anything from the network, and that search finds a word in
# each language. Saves a screenshot of a Thai and an English stage page in
# target/docs-check/.
docs_check() {
	local out=$ROOT/target/docs-check
	[ -d "$ROOT/target/site" ] || die "docs check: no built site: run '$PROG docs' first"
	command -v chromium >/dev/null || ensure_pkgs "docs" "${PKGS_DOCS[@]}"
	rm -rf "$out"
	mkdir -p "$out"
	say "docs: checking every page in headless Chromium, English and Thai"
	/usr/bin/python3 "$ROOT/tools/docs_check.py" "$ROOT" "$out" ||
		die "docs check failed: see the lines above; screenshots in $out"
}
