# shellcheck shell=bash
# tools/exercise.sh - the learner's commands: exercise, check, hint, solution,
# watch. The exercises are cut from the kit's own sources by their TODO
# markers (netlink.workshop.testkit.Markers); check runs the stage's real
# tests against the learner's files (netlink.workshop.testkit.Checker).
# Sourced by ./workshop; uses its say, die and settings.

# testkit_java CLASS ARGS...: runs a test kit program on this machine.
testkit_java() {
	local main=$1
	shift
	testkit_build
	java -Dworkshop.root="$ROOT" -Dworkshop.work="$WORK" \
		-cp "$ROOT/testkit/target/testkit-1.0.jar:$(cat "$ROOT/testkit/target/classpath.txt")${TESTKIT_CP:+:$TESTKIT_CP}" \
		"netlink.workshop.testkit.$main" "$@"
}

# testkit_build: the test kit's jar, built once (and again when it changed;
# not when the kit's own tests run us: Maven has just built it).
testkit_build() {
	local stamp=$ROOT/testkit/target/classpath.txt
	[ -n "${WORKSHOP_NO_BUILD:-}" ] && [ -e "$stamp" ] && return 0
	if [ ! -e "$stamp" ] || [ -n "$(find "$ROOT/testkit" "$ROOT/pom.xml" -newer "$stamp" \
		\( -name '*.java' -o -name pom.xml \) -not -path '*/target/*' | sed -n 1p)" ]; then
		maven_package testkit
	fi
}

# have_exercise N: the learner has written stage N's exercise into work/.
have_exercise() {
	[ -e "$WORK/.exercise/stage$1/sums" ]
}

cmd_exercise() {
	local n="" reset="" out rc=0 line files=() todos=()
	while [ $# -gt 0 ]; do
		case $1 in
		--reset) reset=--reset ;;
		*) [ -z "$n" ] || die "usage: $PROG exercise N [--reset]"; n=$1 ;;
		esac
		shift
	done
	n=$(stage_number "$n")
	ensure_java
	out=$(testkit_java Exercises generate "$n" $reset) || rc=$?
	if [ $rc -eq 3 ]; then
		printf '%s\n' "$out" | sed 's/^exercise: /==> exercise: /' >&2
		return 0
	fi
	[ $rc -eq 0 ] || die "writing stage $n's exercise failed: see the lines above"
	while IFS=$'\t' read -r kind a b c; do
		case $kind in
		file) files+=("$a") ;;
		todo) todos+=("TODO $a ($b): $c") ;;
		esac
	done <<<"$out"
	say "exercise: stage $n is in ${WORK#"$ROOT"/}/ (your files; git ignores them):"
	for line in "${files[@]}"; do
		printf '      %s\n' "$line" >&2
	done
	for line in "${todos[@]}"; do
		say "exercise: $line"
	done
	say "exercise: earlier stages' code is the kit's, complete. Write each TODO where its comment stands, then:"
	say "exercise:   $PROG check $n      (builds your files, runs the stage's checks in the VM)"
	say "exercise:   $PROG hint $n       (a hint, more detailed each time)"
	say "exercise:   $PROG solution $n   (the kit's answer, as a diff; --apply takes it)"
}

cmd_hint() {
	local n
	n=$(stage_number "${1:-}")
	have_exercise "$n" || die "no exercise for stage $n yet: run '$PROG exercise $n' first"
	ensure_java
	say "hint: $(testkit_java Exercises hint "$n")"
}

cmd_solution() {
	local n="" apply="" dir f
	while [ $# -gt 0 ]; do
		case $1 in
		--apply) apply=yes ;;
		*) [ -z "$n" ] || die "usage: $PROG solution N [--apply]"; n=$1 ;;
		esac
		shift
	done
	n=$(stage_number "$n")
	have_exercise "$n" || die "no exercise for stage $n yet: run '$PROG exercise $n' first"
	ensure_java
	dir=$WS_TMP/solution
	testkit_java Exercises solution "$n" "$dir"
	if [ -n "$apply" ]; then
		(cd "$dir" && find . -type f | sort) | while read -r f; do
			mkdir -p "$(dirname "$WORK/$f")"
			cp "$dir/$f" "$WORK/$f"
			say "solution: wrote ${WORK#"$ROOT"/}/${f#./}"
		done
		say "solution: the kit's answer is in your files now; '$PROG check $n' should pass"
		return 0
	fi
	say "solution: what changes from your files (---) to the kit's (+++):"
	(cd "$dir" && find . -type f | sort) | while read -r f; do
		diff -u --label "${WORK#"$ROOT"/}/${f#./}" --label "kit: ${f#./}" "$WORK/$f" "$dir/$f" || true
	done
}

# check_compiler_lines N LOG: the compiler's own error and warning lines
# from LOG, then one line for each TODO of stage N they belong to, with its
# first hint.
check_compiler_lines() {
	local n=$1 log=$2 file line todo kind seen=" " hints where places names unused
	grep -v -E '^make(\[[0-9]+\])?: |^  (CC|LD|MODPOST|CHECK)|^ *$' "$log" | head -40 >&2
	hints=$(testkit_java Exercises todos "$n")
	places=$(grep -oE '^/[^: ]+:[0-9]+(:[0-9]+)?: (fatal error|error|warning):' "$log" |
		cut -d: -f1,2 | sort -u -t: -k1,1 -k2,2n || true)
	# The names the compiler did not know: a file with no TODO uses a name
	# that a TODO elsewhere defines.
	names=$(grep -oE "symbol: +[a-z]+ [A-Za-z_][A-Za-z0-9_]*|[‘'][A-Za-z_][A-Za-z0-9_]*[’'] undeclared" "$log" |
		sed -E "s/^symbol: +[a-z]+ //; s/[‘’']//g; s/ undeclared//" | sort -u || true)
	# A function the compiler found unused (W=1) is the one a missing TODO calls:
	# FILE:LINE=NAME, so that the place is told the TODO that uses NAME.
	unused=$(grep -oE "^/[^: ]+:[0-9]+:[0-9]+: warning: [‘'][A-Za-z_][A-Za-z0-9_]*[’'] defined but not used" "$log" |
		sed -E "s/^([^:]+:[0-9]+):[0-9]+: warning: [‘']([A-Za-z0-9_]+)[’'].*/\1=\2/" | sort -u || true)
	# shellcheck disable=SC2086 # one word a place, one word a name
	while IFS=$'\t' read -r file line todo kind; do
		case $seen in *" $todo "*) continue ;; esac
		seen="$seen$todo "
		# The learner's file and line, as an editor opens them (work/...:LINE).
		where=${file#"$ROOT"/}:$line
		if [ "$kind" = in ]; then
			say "check: $where is in TODO $todo: $(awk -F'\t' -v t="$todo" '$1 == t { print $3; exit }' <<<"$hints")"
		elif [ "${kind%%:*}" = unused ]; then
			say "check: $where: ${kind#unused:}() is never used: TODO $todo uses it: $(awk -F'\t' -v t="$todo" \
				'$1 == t { print $3; exit }' <<<"$hints")"
		else
			say "check: $where uses a name that TODO $todo defines, in ${WORK#"$ROOT"/}/$(awk -F'\t' -v t="$todo" \
				'$1 == t { print $2 ": TODO " t ": " $3; exit }' <<<"$hints")"
		fi
		printf '    hint: %s (more: %s hint %s)\n' \
			"$(awk -F'\t' -v t="$todo" '$1 == t { print $4; exit }' <<<"$hints")" "$PROG" "$n" >&2
	done < <([ -z "$places" ] || testkit_java Exercises locate "$n" $places -- $names -- $unused)
	# The hints go to the TODOs the compiler stopped at.
	printf '%s\n' $seen >"$WORK/.exercise/stage$n/failed"
}

cmd_check() {
	local n kver kdir rc=0
	n=$(stage_number "${1:-}")
	[ $# -le 1 ] || die "usage: $PROG check N"
	have_exercise "$n" || die "no exercise for stage $n yet: run '$PROG exercise $n' first, then write its TODOs"
	[ -z "${WORKSHOP_NO_SETUP:-}" ] && cmd_setup
	kver=$(vm_kernel)
	export WORKSHOP_SOURCE=work
	# The kit's build of the stage: the stages before, and the stage's tests.
	[ -z "${WORKSHOP_NO_BUILD:-}" ] && WORKSHOP_SOURCE=kit build_java "$n"
	testkit_build
	kdir=$(stage_kernel_dir "$n")
	if [ "${kdir#"$WORK"/}" != "$kdir" ]; then
		say "check: building your ${kdir#"$ROOT"/} (kbuild, W=1: warnings count as errors)"
		if ! BUILD_QUIET=1 build_dir "$kdir" "$kver"; then
			check_compiler_lines "$n" "$BUILD_LOG"
			die "check: stage $n: your module does not build yet (the compiler's lines are above; full log: $BUILD_LOG)"
		fi
	fi
	if [ -n "$(stage_work_java "$n")" ]; then
		say "check: compiling your ${STEP_DIRS[$n]} Java files (javac -Xlint:all -Werror)"
		if ! BUILD_QUIET=1 build_work_java "$n"; then
			check_compiler_lines "$n" "$JAVAC_LOG"
			die "check: stage $n: your Java files do not compile yet (javac's lines are above)"
		fi
	fi
	say "check: stage $n: running the stage's tests against your files"
	# The stage's tests, with your classes in place of the kit's for this stage.
	(cd "$ROOT" && WORKSHOP_NO_SETUP=1 \
		TESTKIT_CP="$(stage_classpath "$n"):$ROOT/${STEP_DIRS[$n]}/target/test-classes:$(cat "$ROOT/${STEP_DIRS[$n]}/target/test-classpath.txt")" \
		testkit_java Checker "$n") || rc=$?
	if [ $rc -eq 0 ]; then
		say "check: stage $n: every TODO passed${STEP_DIRS[$((n + 1))]:+; next: $PROG exercise $((n + 1))}"
	else
		say "check: stage $n: not done yet (see the lines above; '$PROG hint $n' helps)"
	fi
	return $rc
}

cmd_watch() {
	local n
	n=$(stage_number "${1:-}")
	have_exercise "$n" || die "no exercise for stage $n yet: run '$PROG exercise $n' first"
	command -v inotifywait >/dev/null || ensure_pkgs "watch" inotify-tools
	say "watch: checking stage $n now and again on every save in ${WORK#"$ROOT"/}/ (Ctrl-C stops)"
	while true; do
		cmd_check "$n" || true
		say "watch: waiting for a change in your files..."
		inotifywait -qq -r -e close_write,moved_to,create --exclude '(/target/|\.o$|\.ko$|\.cmd$|\.mod|\.exercise/)' \
			"$WORK" || die "inotifywait failed: is ${WORK#"$ROOT"/}/ still there?"
	done
}
