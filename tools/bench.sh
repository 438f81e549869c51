# shellcheck shell=bash
# tools/bench.sh - ./workshop bench: round trips, the kit's Java client against C.
# Sourced by ./workshop; uses its say, die and settings.

# The bench's sources (C, Python, Java) live beside stage 10's client.
BENCH_SRC=$ROOT/steps/step10-user-receive/src/bench

# bench_build_c: compiles the C contenders into stage 10's target/bench.
bench_build_c() {
	local out=$ROOT/steps/step10-user-receive/target/bench prog libs
	mkdir -p "$out"
	for prog in route-noop-raw route-noop-mnl workshop-hello-raw; do
		libs=""
		[ "$prog" = route-noop-mnl ] && libs=-lmnl
		gcc -O2 -Wall -Wextra -Werror -I"$ROOT/kernel/include" -o "$out/$prog" \
			"$BENCH_SRC/c/$prog.c" $libs 2>"$CACHE/bench-$prog.log" || {
			head -3 "$CACHE/bench-$prog.log" >&2
			die "compiling $BENCH_SRC/c/$prog.c failed: see $CACHE/bench-$prog.log"
		}
	done
}

# bench_java_cmd COMPARISON ARGS...: runs the Java bench with C2, the JIT of a
# long-running program (java_cmd interprets, which suits short programs).
# -BackgroundCompilation: a hot method waits for its compiled code, so the
# warm-up ends compiled even in a slow TCG guest.
bench_java_cmd() {
	local step=$ROOT/steps/step10-user-receive
	printf '%q ' java -XX:+UseSerialGC -XX:+UseTransparentHugePages -XX:-BackgroundCompilation \
		-Djna.tmpdir=/tmp \
		-cp "$step/target/bench-classes:$step/target/step10-user-receive-1.0.jar:$(cat "$step/target/classpath.txt")" \
		netlink.workshop.bench.RoundTripBench "$@"
}

# cmd_bench: Java against C per round trip, on this kernel and in the VM.
cmd_bench() {
	local kver bin=$ROOT/steps/step10-user-receive/target/bench out script rc=0 fails
	[ $# -eq 0 ] || die "bench takes no arguments: '$PROG bench'"
	[ -z "${WORKSHOP_NO_SETUP:-}" ] && cmd_setup
	ensure_pkgs "bench" "${PKGS_BENCH[@]}"
	kver=$(vm_kernel)
	build_module 10 "$kver"
	build_java 10
	bench_build_c
	out=$(mktemp)
	say "bench: host-noop, on this machine's kernel $(uname -r) ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
	eval "$(bench_java_cmd host-noop --rounds 15 --warmup 5 --round-trips 20000 \
		"c=$bin/route-noop-raw" "libmnl=$bin/route-noop-mnl" \
		"pyroute2:0.02=/usr/bin/python3 $BENCH_SRC/python/route_noop_pyroute2.py")" |
		tee -a "$out" || rc=1
	say "bench: vm-hello, in the embedded VM (one boot)"
	script=$(mktemp)
	guest_script "$script" \
		"insmod $(printf %q "$ROOT/kernel/step10-user-receive/nlws.ko") || exit 1" \
		"$(bench_java_cmd vm-hello --rounds 15 --warmup 25 --round-trips 3000 "c=$bin/workshop-hello-raw")" \
		"rc=\$?" "rmmod nlws || rc=1" "exit \$rc"
	vm_run "$kver" "$script" > >(tee -a "$out") || rc=1
	wait $! 2>/dev/null || true
	rm -f "$script"
	fails=$(grep '^FAIL' "$out" | paste -sd ';' -)
	rm -f "$out"
	[ $rc -eq 0 ] && [ -z "$fails" ] && { say "bench: all goals met"; return 0; }
	die "bench: goals missed: ${fails:-a contender failed: see above}"
}

