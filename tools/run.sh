# shellcheck shell=bash
# tools/run.sh - running a stage: in the VM, or on this kernel with --here.
# Sourced by ./workshop; uses its say, die and settings.

# stage_number ARG: ARG as a stage number from the stage table, or a line
# naming the stages there are.
stage_number() {
	local n=${1:-}
	[[ "$n" =~ ^[0-9]+$ ]] && [ -n "${KERNEL_DIRS[$((10#$n))]:-}" ] ||
		die "no stage '${n}': stages are ${STAGE_LIST[0]} to ${STAGE_LIST[-1]}, e.g. '$PROG run 10'"
	echo "$((10#$n))"
}

# The kernel log lines our module printed, without timestamps.
module_log() {
	sed -n 's/^\[ *[0-9.]*\] //; /^nlws: /p' "$1"
}

# stage_script FILE N KO ARGS...: the script that loads KO, runs stage N's
# program with ARGS, and unloads the module when the stage can.
stage_script() {
	local file=$1 n=$2 ko=$3
	shift 3
	guest_script "$file" \
		"export WORKSHOP_MODULE=$(printf %q "$ko")" \
		"\${SUDO:-}insmod $(printf %q "$ko") || exit 1" \
		"$(java_cmd "$n" "$@")" \
		"rc=\$?" \
		"$([ "${UNLOADS[$n]}" = yes ] && echo '${SUDO:-}rmmod nlws || rc=1')" \
		"exit \$rc"
}

cmd_run() {
	local n="" here=no kver dir script rc=0 mark args=() JAVA_CDS=()
	while [ $# -gt 0 ]; do
		case $1 in
		--here) here=yes ;;
		--) shift; args=("$@"); break ;;
		-*) die "unknown option '$1' for run: to pass it to the stage's program, put it after --, e.g. '$PROG run 10 -- --buffer 28'" ;;
		*) [ -z "$n" ] || die "run takes one stage number, e.g. '$PROG run 10'"; n=$1 ;;
		esac
		shift
	done
	n=$(stage_number "$n")
	if [ $here = yes ]; then
		kver=$(uname -r)
		[ -d "/lib/modules/$kver/build" ] ||
			die "no headers for the running kernel $kver: sudo apt-get install linux-headers-$kver (or run '$PROG provision')"
	else
		[ -z "${WORKSHOP_NO_SETUP:-}" ] && cmd_setup
		kver=$(vm_kernel)
	fi
	dir=$(stage_kernel_dir "$n")
	say "build: ${dir#"$ROOT"/} for $kver"
	build_module "$n" "$kver"
	# The tests set WORKSHOP_NO_BUILD: Maven has just built the jars they run.
	if [ -z "${WORKSHOP_NO_BUILD:-}" ]; then
		build_java "$n"
	elif [ -n "$(stage_work_java "$n")" ]; then
		build_work_java "$n"
	fi
	[ $here = yes ] || mapfile -t JAVA_CDS < <(cds_flags "$n")
	script=$(mktemp -p "$WS_TMP")
	stage_script "$script" "$n" "$dir/nlws.ko" "${args[@]}"
	if [ $here = yes ]; then
		grep -q '^nlws ' /proc/modules &&
			die "module nlws is already loaded: 'sudo rmmod nlws' first (a stage 2-4 module stays until reboot)"
		[ "${UNLOADS[$n]}" = no ] &&
			say "note: stage $n's module has no exit function, so it stays loaded until you reboot"
		say "run: stage $n on this kernel ($kver); watch the kernel log live with: sudo dmesg -w"
		mark="workshop-run-$$-$RANDOM"
		as_root sh -c "echo $mark >/dev/kmsg"
		if [ "$(id -u)" -eq 0 ]; then
			sh "$script" || rc=$?
		else
			sudo -v || die "sudo failed: loading a module needs root"
			SUDO="sudo " WORKSHOP_SUDO=sudo sh "$script" || rc=$?
		fi
		echo "----- kernel log: what nlws printed during this run -----"
		as_root dmesg | sed -n "/$mark/,\$p" >"$script.dmesg"
		module_log "$script.dmesg"
		return $rc
	fi
	vm_run "$kver" "$script" || rc=$?
	echo "----- kernel log: what nlws printed during this run -----"
	module_log "$VM_RUN/dmesg"
	return $rc
}
