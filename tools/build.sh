# shellcheck shell=bash
# tools/build.sh - building the kernel modules (W=1, sparse, checkpatch) and the Java steps.
# Sourced by ./workshop; uses its say, die and settings.

# Where a stage's files come from: the kit's (WORKSHOP_SOURCE=kit, the
# default), or the learner's workspace (WORKSHOP_SOURCE=work in WORK, which
# './workshop check' sets) for the parts the learner has there.
case ${WORKSHOP_SOURCE:-kit} in
kit | work) ;;
*) die "WORKSHOP_SOURCE=$WORKSHOP_SOURCE is not one of kit, work" ;;
esac

# stage_kernel_dir N: the folder stage N's module is built in.
stage_kernel_dir() {
	if [ "${WORKSHOP_SOURCE:-kit}" = work ] && [ -e "$WORK/${KERNEL_DIRS[$1]}/Kbuild" ]; then
		echo "$WORK/${KERNEL_DIRS[$1]}"
	else
		echo "$ROOT/${KERNEL_DIRS[$1]}"
	fi
}

# stage_work_java N: the learner's Java sources of stage N, when they are used.
stage_work_java() {
	[ "${WORKSHOP_SOURCE:-kit}" = work ] && [ -d "$WORK/${STEP_DIRS[$1]}/src/main/java" ] &&
		echo "$WORK/${STEP_DIRS[$1]}"
}

# build_module N KVER: builds stage N's nlws.ko for KVER.
build_module() {
	build_dir "$(stage_kernel_dir "$1")" "$2"
}

# build_dir DIR KVER: builds the kernel module in DIR (a folder with a Kbuild
# file and a Makefile, such as kernel/pitfalls/seed-forged-pid) for KVER,
# warning-free at W=1. On failure BUILD_LOG names the compiler's log.
build_dir() {
	local dir=$1 kver=$2 log name ko kroot=$ROOT/kernel
	case $dir in "$WORK"/*) kroot=$WORK/kernel ;; esac
	name=${dir#"$ROOT"/}
	log=$CACHE/build-$(printf %s "$name" | tr / -).log
	BUILD_LOG=$log
	mkdir -p "$CACHE"
	# Up to date: kbuild takes seconds just to find that out. (-L: stages
	# 6-10 build stage 5's nlws.c through a link.)
	if [ -e "$dir/nlws.ko" ] && [ -e "$log" ] && ! grep -q 'warning:' "$log" &&
		[ "$(PATH=$PATH:/usr/sbin:/sbin modinfo -F vermagic "$dir/nlws.ko" 2>/dev/null |
			cut -d' ' -f1)" = "$kver" ] &&
		[ -z "$(find -L "$dir" "$kroot/include" "$kroot/module.mk" \
			"/lib/modules/$kver/build/" -maxdepth 1 -newer "$dir/nlws.ko" \
			\( -name '*.[ch]' -o -name Kbuild -o -name Makefile -o -name '*.mk' \
			-o -name Module.symvers \) 2>/dev/null | sed -n 1p)" ]; then
		return 0
	fi
	# modinfo is in /usr/sbin, outside a plain user's PATH on Debian.
	for ko in "$dir"/*.ko; do
		if [ -e "$ko" ] &&
			[ "$(PATH=$PATH:/usr/sbin:/sbin modinfo -F vermagic "$ko" 2>/dev/null |
				cut -d' ' -f1)" != "$kver" ]; then
			make -s -C "$dir" KDIR="/lib/modules/$kver/build" clean >/dev/null 2>&1 || true
		fi
	done
	if ! make -C "$dir" KDIR="/lib/modules/$kver/build" >"$log" 2>&1; then
		[ -n "${BUILD_QUIET:-}" ] && return 1
		grep -m1 -E 'error' "$log" >&2 || true
		die "building $name failed: see $log"
	fi
	if grep -q 'warning:' "$log"; then
		# The objects too: else the next make links them again without a
		# word, and the warnings would be forgotten.
		rm -f "$dir"/*.ko "$dir"/*.o
		[ -n "${BUILD_QUIET:-}" ] && return 1
		grep -m1 'warning:' "$log" >&2
		die "$name built with warnings (W=1): fix them; see $log"
	fi
}

# ---------------------------------------------------------------- Java

# build_java N: packages stage N's Maven module and what it depends on,
# unless up to date; with the learner's sources (stage_work_java), compiles
# those with javac against the kit's build of the stages before.
build_java() {
	local dir=$ROOT/${STEP_DIRS[$1]} stamp newer
	stamp=$dir/target/classpath.txt
	if [ -e "$stamp" ] && [ -z "${WORKSHOP_FORCE_BUILD:-}" ]; then
		newer=$(find "$ROOT/pom.xml" "$ROOT/steps" "$ROOT/testkit" -newer "$stamp" \
			\( -name '*.java' -o -name pom.xml \) -not -path '*/target/*' 2>/dev/null | sed -n 1p)
		[ -z "$newer" ] || maven_package "${STEP_DIRS[$1]}"
	else
		maven_package "${STEP_DIRS[$1]}"
	fi
	[ -z "$(stage_work_java "$1")" ] || build_work_java "$1"
}

# maven_package MODULE: mvn package of MODULE and what it needs, no tests.
maven_package() {
	local module=$1 log
	log=$CACHE/mvn-$(printf %s "$module" | tr / -).log
	say "build: Maven package $module (and the modules it builds on)"
	(cd "$ROOT" && mvn -q -B ${WORKSHOP_OFFLINE:+-o} ${WORKSHOP_MVN_OPTS:-} -DskipTests \
		-Dmaven.test.skip.exec package -pl "$module" -am) >"$log" 2>&1 || {
		grep -m3 -E 'ERROR' "$log" >&2 || true
		[ -n "${WORKSHOP_OFFLINE:-}" ] && grep -q 'offline mode' "$log" &&
			die "Maven is offline (WORKSHOP_OFFLINE) and lacks a file: run '$PROG provision' once while online"
		die "Maven build of $module failed: see $log"
	}
	# The stamp the up-to-date checks compare with (Maven leaves an unchanged
	# classpath.txt as it was, old time and all).
	touch "$ROOT/$module/target/classpath.txt"
}

# build_work_java N: javac of the learner's stage N sources into their
# target/classes, warnings as errors as in the kit's build (-Xlint:all).
# On failure JAVAC_LOG names javac's output.
build_work_java() {
	local work out sources
	work=$(stage_work_java "$1")
	out=$work/target/classes
	JAVAC_LOG=$CACHE/javac-stage$1-$(printf %s "$work" | md5sum | cut -c1-8).log
	if [ -d "$out" ] && [ -z "$(find "$work/src" -newer "$out/.built" -name '*.java' 2>/dev/null | sed -n 1p)" ] &&
		[ -e "$out/.built" ]; then
		return 0
	fi
	rm -rf "$out"
	mkdir -p "$out"
	mapfile -t sources < <(find "$work/src/main/java" -name '*.java' | sort)
	if ! javac -Xlint:all -Werror --release 17 -encoding UTF-8 -d "$out" \
		-cp "$(cat "$ROOT/${STEP_DIRS[$1]}/target/classpath.txt")" "${sources[@]}" >"$JAVAC_LOG" 2>&1; then
		[ -n "${BUILD_QUIET:-}" ] && return 1
		cat "$JAVAC_LOG" >&2
		die "your stage $1 Java files do not compile: see the lines above"
	fi
	touch "$out/.built"
}

# stage_classpath N: the classes of stage N's program and what they need.
stage_classpath() {
	local dir=$ROOT/${STEP_DIRS[$1]} work jar
	work=$(stage_work_java "$1")
	if [ -n "$work" ]; then
		printf '%s:%s' "$work/target/classes" "$(cat "$dir/target/classpath.txt")"
	else
		jar=$(ls "$dir"/target/*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | sed -n 1p)
		[ -n "$jar" ] || die "${STEP_DIRS[$1]} is not built: run '$PROG run $1'"
		printf '%s:%s' "$jar" "$(cat "$dir/target/classpath.txt")"
	fi
}

# JAVA_FLAGS: how the kit starts a stage's short-lived program. -Xint: under
# TCG compiling costs more than interpreting (measured: 7 s against 12-17 s
# with C1). The Java test kit (netlink.workshop.testkit.Workshop) uses the
# same flags: it reads them from tools/java-flags.
read -r -a JAVA_FLAGS <"$ROOT/tools/java-flags"

# java_cmd N ARGS...: the command line that runs stage N's program (with
# JAVA_CDS, the class-data flags cmd_run sets, when there are any).
java_cmd() {
	local n=$1
	shift
	printf '%q ' java "${JAVA_FLAGS[@]}" ${JAVA_CDS[@]+"${JAVA_CDS[@]}"} -cp "$(stage_classpath "$n")" \
		"netlink.workshop.${MAINS[$n]}" "$@"
}

# cds_flags N: the JVM flags that map stage N's class-data archive (AppCDS),
# one a line; the archive is made here first when it is missing or older than
# the stage's jars. The JVM in the VM then maps the classes its program loaded
# here instead of reading, parsing and verifying them, which under TCG is most
# of its start. Made in a network namespace of its own (unshare -n), so that
# the program reaches no netlink family of this machine's kernel. CDS takes
# only jars: nothing for the learner's classes (a folder).
cds_flags() {
	local n=$1 cp archive tmp jdk unshare=(unshare -n)
	[ -z "$(stage_work_java "$n")" ] || return 0
	cp=$(stage_classpath "$n")
	archive=$CACHE/cds/stage-$n.jsa
	jdk=$(dirname "$(readlink -f "$(command -v java)")")/../lib/modules
	if [ ! -e "$archive" ] || [ -n "$(find ${cp//:/ } "$jdk" -newer "$archive" 2>/dev/null | sed -n 1p)" ]; then
		[ "$(id -u)" -eq 0 ] || unshare=(unshare -rn)
		if ! "${unshare[@]}" true 2>/dev/null; then
			say "run: note: no class-data archive for the JVM (${unshare[*]} is not allowed here): it starts a few seconds slower in the VM"
			return 0
		fi
		mkdir -p "$CACHE/cds"
		tmp=$archive.$$
		"${unshare[@]}" timeout 60 java "${JAVA_FLAGS[@]}" -XX:ArchiveClassesAtExit="$tmp" \
			-Xlog:cds=off,cds+dynamic=off -cp "$cp" "netlink.workshop.${MAINS[$n]}" \
			</dev/null >/dev/null 2>&1 || true
		[ -s "$tmp" ] && mv -f "$tmp" "$archive"
		rm -f "$tmp"
	fi
	# -Xlog: an archive the JVM cannot use (another JDK) is skipped without a warning.
	[ -e "$archive" ] && printf '%s\n' "-XX:SharedArchiveFile=$archive" -Xlog:cds=off,cds+dynamic=off
	return 0
}


# ---------------------------------------------------------------- checkpatch

# checkpatch_tool: the kernel's own style checker, extracted once from Debian's
# linux-source-6.1 tarball into $CACHE/checkpatch (only the files it reads).
checkpatch_tool() {
	local dir=$CACHE/checkpatch tarball=/usr/src/linux-source-6.1.tar.xz
	ensure_pkgs "checkpatch (kernel source)" linux-source-6.1
	[ -r "$tarball" ] ||
		die "linux-source-6.1 is installed but $tarball is missing: sudo apt-get install --reinstall linux-source-6.1"
	if [ ! -e "$dir/scripts/checkpatch.pl" ] || [ "$tarball" -nt "$dir/scripts/checkpatch.pl" ]; then
		say "checkpatch: extracting scripts/checkpatch.pl from $tarball (once, about 30 s)"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		tar -xJf "$tarball" -C "$dir.tmp" --strip-components=1 \
			linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch ||
			die "extracting checkpatch.pl from $tarball failed: sudo apt-get install --reinstall linux-source-6.1"
		touch "$dir.tmp/scripts/checkpatch.pl"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir/scripts/checkpatch.pl"
}

# checkpatch_all: every kernel stage and the shared header must pass
# checkpatch.pl --strict --no-tree --file with nothing to report.
# kernel_sources: every kernel C file and header the kit ships, once each
# (stages 6-10 link to stage 5's nlws.c; links are skipped).
kernel_sources() {
	find "$ROOT/kernel" \( -name '*.c' -o -name '*.h' \) -type f -not -name '*.mod.c' | sort
}

# kernel_module_dirs: every folder that builds a module, links skipped.
kernel_module_dirs() {
	find "$ROOT/kernel" -name Kbuild -type f -printf '%h\n' | sort | while read -r d; do
		[ -n "$(find "$d" -maxdepth 1 -name '*.c' -type f -not -name '*.mod.c')" ] && echo "$d"
	done
}

checkpatch_all() {
	local tool log f bad=()
	tool=$(checkpatch_tool) || exit 1
	log=$CACHE/checkpatch.log
	: >"$log"
	say "test: checkpatch.pl --strict on every kernel source and header"
	while read -r f; do
		perl "$tool" --strict --no-tree --quiet --file "$f" >>"$log" 2>&1 ||
			bad+=("${f#"$ROOT"/}")
	done < <(kernel_sources)
	if [ ${#bad[@]} -gt 0 ]; then
		grep -m5 -E '^(ERROR|WARNING|CHECK):' "$log" >&2 || true
		die "checkpatch found style problems in ${bad[*]}: fix them; see $log"
	fi
}

# sparse_all KVER: every kernel module the kit ships, checked by sparse as
# kernel maintainers do (kbuild's C=2 checks every file, built or not).
sparse_all() {
	local kver=$1 log d bad=() n=0
	command -v sparse >/dev/null || ensure_pkgs "sparse" sparse
	log=$CACHE/sparse.log
	: >"$log"
	while read -r d; do
		n=$((n + 1))
		printf '## %s\n' "${d#"$ROOT"/}" >>"$log"
		if ! make -C "$d" KDIR="/lib/modules/$kver/build" C=2 >>"$log" 2>&1 ||
			grep -A0 -E '^[^ ]+\.[ch]:[0-9]+:[0-9]+: (warning|error):' "$log" |
			grep -q -F "$d/"; then
			bad+=("${d#"$ROOT"/}")
		fi
	done < <(kernel_module_dirs)
	if [ ${#bad[@]} -gt 0 ]; then
		grep -m5 -E '(warning|error):' "$log" >&2 || true
		die "sparse found problems in ${bad[*]}: fix them; see $log"
	fi
	say "test: sparse (C=2) checked $n kernel modules: clean"
}
