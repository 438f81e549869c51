# tools/bench.sh - `./workshop bench`, sourced by ./workshop: the kit's Java
# client against C (and libmnl, pyroute2, java.lang.foreign) per request, on
# this machine's kernel and in the embedded VM. It uses the launcher's
# functions (cmd_setup, ensure_pkgs, vm_kernel, build_module, vm_run,
# guest_script, say, die) and variables ($ROOT, $CACHE, $PROG).
#
# The sources are in bench/: src/main/java (RoundTripBench, a Maven module of
# the root pom), src/c (the C contenders and libnlbench.so), src/python
# (pyroute2) and src/ffm (the FFM contender, compiled here with a JDK 22+).

BENCH=$ROOT/bench
BENCH_OUT=$BENCH/target
PKGS_BENCH=(libmnl-dev python3-pyroute2)
# The C contenders: programs that serve bench.h's protocol on stdin/stdout.
BENCH_C_HOST=(route-noop-raw route-noop-send route-noop-batch route-noop-mnl getppid)
BENCH_C_VM=(workshop-hello-raw workshop-hello-batch)

# bench_build_c: compiles the C contenders and libnlbench.so into bench/target/c.
bench_build_c() {
	local out=$BENCH_OUT/c prog libs
	mkdir -p "$out"
	for prog in "${BENCH_C_HOST[@]}" "${BENCH_C_VM[@]}" libnlbench; do
		libs=()
		[ "$prog" = route-noop-mnl ] && libs=(-lmnl)
		[ "$prog" = libnlbench ] && libs=(-shared -fPIC)
		gcc -O2 -Wall -Wextra -Werror -I"$ROOT/kernel/include" \
			-o "$out/$prog$([ "$prog" = libnlbench ] && echo .so)" \
			"$BENCH/src/c/$prog.c" "${libs[@]}" 2>"$CACHE/bench-$prog.log" || {
			head -3 "$CACHE/bench-$prog.log" >&2
			die "compiling bench/src/c/$prog.c failed: see $CACHE/bench-$prog.log"
		}
	done
}

# bench_build_java: packages bench/ and what it builds on (stage 10, chapter
# 16), unless nothing changed since the last build.
bench_build_java() {
	local stamp=$BENCH_OUT/classpath.txt log=$CACHE/mvn-bench.log newer
	if [ -e "$stamp" ]; then
		newer=$(find "$ROOT/pom.xml" "$ROOT/steps" "$BENCH" -newer "$stamp" \
			\( -name '*.java' -o -name pom.xml \) -not -path '*/target/*' \
			-not -path "$BENCH/src/ffm/*" | sed -n 1p)
		[ -z "$newer" ] && return 0
	fi
	say "build: Maven package bench/ (and stage 10, chapter 16)"
	(cd "$ROOT" && mvn -q -B ${WORKSHOP_OFFLINE:+-o} ${WORKSHOP_MVN_OPTS:-} -DskipTests \
		-Dmaven.test.skip.exec package -pl bench -am) >"$log" 2>&1 || {
		grep -m3 -E 'ERROR' "$log" >&2 || true
		die "Maven build of bench/ failed: see $log"
	}
}

# bench_ffm_jdk: prints the home of a JDK 22 or newer (WORKSHOP_FFM_JDK, else
# the newest under /usr/lib/jvm), for the java.lang.foreign contender; returns
# 1 when there is none (Debian 12 ships only JDK 17).
bench_ffm_jdk() {
	local home v best="" best_v=0
	for home in ${WORKSHOP_FFM_JDK:-} "${WORKSHOP_JVM_DIR:-/usr/lib/jvm}"/*; do
		[ -x "$home/bin/javac" ] && [ -r "$home/release" ] || continue
		v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
		[ -n "$v" ] && [ "$v" -ge 22 ] && [ "$v" -gt "$best_v" ] && { best=$home; best_v=$v; }
	done
	[ -n "$best" ] && echo "$best"
}

# bench_build_ffm JDK: compiles bench/src/ffm with JDK's javac into
# bench/target/ffm-classes (the Maven build stays on Java 17).
bench_build_ffm() {
	local jdk=$1 out=$BENCH_OUT/ffm-classes src
	src=$(find "$BENCH/src/ffm" -name '*.java')
	if [ -d "$out" ] && [ -z "$(find $src -newer "$out" | sed -n 1p)" ]; then
		return 0
	fi
	rm -rf "$out"
	mkdir -p "$BENCH_OUT"
	"$jdk/bin/javac" --release 22 -Xlint:all,-restricted -Werror -d "$out" $src 2>"$CACHE/bench-ffm.log" || {
		rm -rf "$out"
		head -3 "$CACHE/bench-ffm.log" >&2
		die "compiling bench/src/ffm with $jdk failed: see $CACHE/bench-ffm.log"
	}
}

# bench_java_cmd COMPARISON ARGS...: runs RoundTripBench with C2, the JIT of
# a long-running program (java_cmd interprets, which suits short programs).
# -BackgroundCompilation: a hot method waits for its compiled code, so the
# warm-up ends compiled even in a slow TCG guest.
bench_java_cmd() {
	printf '%q ' java -XX:+UseSerialGC -XX:+UseTransparentHugePages -XX:-BackgroundCompilation \
		-Djna.tmpdir=/tmp ${BENCH_LIB:+-Dbench.lib=$BENCH_LIB} \
		-cp "$BENCH_OUT/bench-1.0.jar:$(cat "$BENCH_OUT/classpath.txt")" \
		netlink.workshop.bench.RoundTripBench "$@"
}

# bench_ffm_cmd JDK: the command line of the FFM contender.
bench_ffm_cmd() {
	echo "$1/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-BackgroundCompilation" \
		"-cp $BENCH_OUT/ffm-classes netlink.workshop.bench.ffm.FfmRouteNoop"
}

# bench_machine: the facts a reader needs to compare these figures with theirs.
bench_machine() {
	local pcid=no
	grep -qw pcid /proc/cpuinfo && pcid=yes
	echo "machine: $(nproc) CPUs (nproc), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	lscpu | head -n 14 | sed 's/^/  lscpu: /'
	echo "  meltdown: $(cat /sys/devices/system/cpu/vulnerabilities/meltdown 2>/dev/null || echo unknown)" \
		"(/sys/devices/system/cpu/vulnerabilities/meltdown); pcid flag: $pcid"
	echo "  java: $(java -version 2>&1 | sed -n 1p)"
}

# bench_secs CMD...: runs CMD (output dropped) and prints its time in seconds,
# or FAIL and its output when it fails.
bench_secs() {
	local start=$EPOCHREALTIME log
	log=$(mktemp -p "$WS_TMP")
	if ! "$@" >"$log" 2>&1; then
		echo FAIL
		tail -5 "$log" >&2
		return 1
	fi
	awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

# bench_warm: three rounds, interleaved: a bare boot in a VM of its own, run
# 10 in the warm VM and check 10 (the kit's answer, in a workspace of its own)
# in it; the medians, their ratio and the goals (issue 22: run 10 <= 3 s and
# <= 0.8 of a bare boot; check 10 <= 5 s).
bench_warm() {
	local work i boot=() run=() check=() b r c
	work=$(mktemp -d -p "$WS_TMP")
	export WORKSHOP_NO_SETUP=1
	WORKSHOP_WORK=$work "$ROOT/workshop" exercise 10 >/dev/null 2>&1 &&
		WORKSHOP_WORK=$work "$ROOT/workshop" solution 10 --apply >/dev/null 2>&1 ||
		{ echo "FAIL warm: exercise 10 or its solution failed"; return 0; }
	# The first command boots the warm VM; the rounds measure the ones after.
	bench_secs "$ROOT/workshop" run 10 >/dev/null || { echo "FAIL warm: run 10 failed"; return 0; }
	for i in 1 2 3; do
		boot+=("$(WORKSHOP_VM_WARM=0 bench_secs "$ROOT/workshop" vm -- true)")
		run+=("$(bench_secs "$ROOT/workshop" run 10)")
		check+=("$(WORKSHOP_WORK=$work bench_secs "$ROOT/workshop" check 10)")
	done
	"$ROOT/workshop" vm stop 2>/dev/null
	echo "warm: bare boot ${boot[*]} s, warm run 10 ${run[*]} s, warm check 10 ${check[*]} s"
	case " ${boot[*]} ${run[*]} ${check[*]} " in *" FAIL "*) echo "FAIL warm: a command failed (above)"; return 0 ;; esac
	b=$(printf '%s\n' "${boot[@]}" | sort -n | sed -n 2p)
	r=$(printf '%s\n' "${run[@]}" | sort -n | sed -n 2p)
	c=$(printf '%s\n' "${check[@]}" | sort -n | sed -n 2p)
	awk -v b="$b" -v r="$r" -v c="$c" 'BEGIN {
		printf "ratio warm-run10/boot %.2f   (goal <= 0.80: warm run 10 %.2f s against a bare boot %.2f s, medians of 3)\n", r / b, r, b
		printf "warm check 10 %.2f s   (goal <= 5 s)\n", c
		if (r / b > 0.80) printf "FAIL ratio warm-run10/boot is %.3f (goal: at most 0.80)\n", r / b
		if (r > 3) printf "FAIL warm run 10 takes %.2f s (goal: at most 3 s)\n", r
		if (c > 5) printf "FAIL warm check 10 takes %.2f s (goal: at most 5 s)\n", c
	}'
}

# cmd_bench: the ladder and the batches on this kernel, then the same in the VM.
cmd_bench() {
	local kver bin=$BENCH_OUT/c out script rc=0 fails ffm="" skip=() BENCH_LIB
	[ $# -eq 0 ] || die "bench takes no arguments: '$PROG bench'"
	[ -z "${WORKSHOP_NO_SETUP:-}" ] && cmd_setup
	ensure_pkgs "bench" "${PKGS_BENCH[@]}"
	kver=$(vm_kernel)
	build_module 10 "$kver"
	bench_build_java
	bench_build_c
	if ffm=$(bench_ffm_jdk); then
		bench_build_ffm "$ffm"
	else
		skip=(--skip "ffm=no JDK 22 or newer here (java.lang.foreign is final in 22; Debian 12 has 17): set WORKSHOP_FFM_JDK to one")
	fi
	out=$(mktemp -p "$WS_TMP")
	bench_machine | tee -a "$out"
	say "bench: host-noop, on this machine's kernel (about a minute)"
	BENCH_LIB=$bin/libnlbench.so
	eval "$(bench_java_cmd host-noop --rounds 21 --warmup 5 --requests 20480 \
		"${skip[@]}" \
		"c=$bin/route-noop-raw" "c-send=$bin/route-noop-send" "getppid=$bin/getppid" \
		"c-batch32=$bin/route-noop-batch" "libmnl=$bin/route-noop-mnl" \
		"pyroute2:0.02=/usr/bin/python3 $BENCH/src/python/route_noop_pyroute2.py" \
		${ffm:+"ffm=$(bench_ffm_cmd "$ffm")"})" |
		tee -a "$out" || rc=1
	# The guest: one vCPU (no second emulated CPU to migrate to), and
	# -icount: the guest's clocks count emulated instructions, not the host's
	# time, so that other programs on the host cannot stretch a guest thread's
	# CPU time. The figures are then instruction counts (1 ns each).
	say "bench: vm-hello, in the embedded VM (one boot, one vCPU, clocks counting instructions)"
	script=$(mktemp -p "$WS_TMP")
	guest_script "$script" \
		"insmod $(printf %q "$ROOT/kernel/step10-user-receive/nlws.ko") || exit 1" \
		"$(BENCH_LIB="" && bench_java_cmd vm-hello --rounds 15 --warmup 10 --requests 3200 \
			"${skip[@]}" "c=$bin/workshop-hello-raw" "c-batch32=$bin/workshop-hello-batch" \
			"c-noop=$bin/route-noop-raw" "getppid=$bin/getppid" \
			${ffm:+"ffm-noop=$(bench_ffm_cmd "$ffm")"})" \
		"rc=\$?" "rmmod nlws || rc=1" "exit \$rc"
	WORKSHOP_VM_WARM=0 WORKSHOP_VM_CPUS=1 WORKSHOP_VM_QEMU_OPTS="-icount shift=0,sleep=on" \
		vm_run "$kver" "$script" > >(tee -a "$out") || rc=1
	wait $! 2>/dev/null || true
	rm -f "$script"
	say "bench: the warm VM, by the clock: run 10 and check 10 in it, against a bare boot (vm -- true) in a VM of its own"
	bench_warm | tee -a "$out"
	echo "reproduce: $PROG bench  (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
	fails=$(grep '^FAIL' "$out" | sed 's/^FAIL //' | paste -sd ';' -)
	rm -f "$out"
	[ $rc -eq 0 ] && [ -z "$fails" ] && { say "bench: all goals met"; return 0; }
	die "bench: goals missed: ${fails:-a contender failed: see above}"
}
