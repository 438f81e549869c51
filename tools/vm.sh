# shellcheck shell=bash
# tools/vm.sh - the embedded VM: initramfs, qemu, KVM or TCG, running a command in the guest.
# Sourced by ./workshop; uses its say, die and settings. The warm VM, which
# runs one command after another, is in tools/vm-warm.sh.

# The guest's drivers, in load order: virtio; virtio-rng, so that the host
# seeds the guest's random number generator (without it the kernel prints
# pointers as (____ptrval____) early on), early, so that the seeding overlaps
# the rest of the boot; and 9p and overlayfs for the shares.
VM_MODULES=(drivers/virtio/virtio_ring drivers/virtio/virtio
	drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev
	drivers/virtio/virtio_pci drivers/char/hw_random/virtio-rng
	fs/netfs/netfs fs/fscache/fscache
	net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p fs/overlayfs/overlay)

# initramfs KVER: the initramfs for kernel KVER, built once. The kernel and
# its driver modules come from VM_SYSROOT (empty: this machine).
initramfs() {
	local kver=$1 sys=${VM_SYSROOT:-} out tmp m
	out=$CACHE/vm/initramfs-$kver${VM_RW:+-rw}.cpio
	[ -z "$sys" ] ||
		out=$CACHE/vm/initramfs-$kver-$(printf %s "$sys" | md5sum | cut -c1-8)${VM_RW:+-rw}.cpio
	if [ -e "$out" ] && [ "$out" -nt "$ROOT/tools/guest-init.sh" ] && [ "$out" -nt "$ROOT/tools/vm.sh" ] &&
		[ "$out" -nt "$sys/boot/vmlinuz-$kver" ]; then
		echo "$out"
		return 0
	fi
	say "vm: building the initramfs for $kver (busybox, virtio, 9p and virtio-rng drivers)"
	[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
		die "no static busybox: run '$PROG setup' (package busybox-static)"
	tmp=$(mktemp -d -p "$WS_TMP")
	mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/modules" "$tmp/proc" "$tmp/sys" "$tmp/dev" "$tmp/root"
	cp /bin/busybox "$tmp/bin/busybox"
	for m in "${VM_MODULES[@]}"; do
		cp "$sys/lib/modules/$kver/kernel/$m.ko" "$tmp/modules/" 2>/dev/null ||
			die "kernel $kver has no $m.ko: the VM needs Debian's modular kernel"
	done
	cp "$ROOT/tools/guest-init.sh" "$tmp/init"
	chmod +x "$tmp/init"
	printf 'MODULES="%s"\nMODE=%s\n' "$(for m in "${VM_MODULES[@]}"; do printf '%s ' "${m##*/}"; done)" \
		"$([ -n "${VM_RW:-}" ] && echo rw || echo ro)" >"$tmp/etc/ws.conf"
	mkdir -p "$CACHE/vm"
	(cd "$tmp" && find . | cpio -o -H newc --quiet) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$tmp"
	echo "$out"
}

# vm_kernel_image KVER: the kernel file qemu boots. Debian's vmlinuz is
# xz-compressed, and under TCG unpacking it took most of the boot (about 45 s
# of 75 s on a loaded machine): boot the uncompressed vmlinux through its PVH
# entry instead, unpacked once into the cache; vmlinuz when that fails.
vm_kernel_image() {
	local kver=$1 src=${VM_SYSROOT:-}/boot/vmlinuz-$kver out off
	out=$CACHE/vm/vmlinux-$kver
	[ -z "${VM_SYSROOT:-}" ] || out=$out-$(printf %s "$VM_SYSROOT" | md5sum | cut -c1-8)
	if [ ! -e "$out" ] || [ "$src" -nt "$out" ]; then
		rm -f "$out"
		off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$src" 2>/dev/null | head -1 | cut -d: -f1)
		if [ -n "$off" ]; then
			{ tail -c +$((off + 1)) "$src" | xz -dcq --single-stream >"$out.tmp"; } 2>/dev/null || true
			# XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry qemu needs.
			if readelf -n "$out.tmp" 2>/dev/null | grep -q 'Unknown note type: (0x00000012)'; then
				mv "$out.tmp" "$out"
			fi
			rm -f "$out.tmp"
		fi
	fi
	if [ -e "$out" ]; then
		echo "$out"
	else
		echo "$src"
	fi
}

# qemu_start ACCEL RUNDIR INITRD KVER: starts qemu in the background, its
# PID in QEMU_PID. The guest's random number generator is ready at once from
# the CPU's RDRAND (TCG emulates it with the host's getrandom; KVM's "host"
# CPU has it): until it is ready the kernel prints pointers as
# (____ptrval____), and without it the guest waited 1.2 s of its 2.7 s boot
# for virtio-rng-pci, which stays as a second source. cryptomgr.notests: the
# crypto self-tests took 0.9 s of the boot; the VM runs no crypto worth them.
# (Both measured under -icount shift=0, where the guest's clock counts
# instructions, not the host's load.)
# no_timer_check: a slow TCG guest can fail the kernel's IO-APIC timer check
# and panic ("IO-APIC + timer doesn't work!"); seen here on a loaded machine.
# The command's terminal is ttyS1 on qemu's stdio; with VM_INTERACTIVE set
# (./workshop shell) it reads this terminal too, and Ctrl-C goes to the guest.
# With VM_WARM set (tools/vm-warm.sh) qemu runs on its own, in a session of
# its own with no file of this launcher open: ttyS1 goes to RUNDIR/out.log,
# ttyS2 reads the commands from the pipe RUNDIR/ctl.in, and /usr is a share
# of its own (hostusr), which the guest caches.
qemu_start() {
	local accel=$1 run=$2 initrd=$3 kver=$4 cpu=(-cpu qemu64,+rdrand) ro=,readonly=on stdin=/dev/null
	local io=(-chardev stdio,id=out,signal=off -serial chardev:out) args
	[ "$accel" = kvm ] && cpu=(-cpu host)
	[ -n "${VM_RW:-}" ] && ro=""
	[ -n "${VM_INTERACTIVE:-}" ] && stdin=/dev/stdin
	[ -z "${VM_WARM:-}" ] ||
		io=(-chardev "file,id=out,path=$run/out.log" -serial chardev:out
			-chardev "pipe,id=ctl,path=$run/ctl" -serial chardev:ctl
			-virtfs "local,path=/usr,mount_tag=hostusr,security_model=none,readonly=on,multidevs=remap")
	args=(-accel "$accel" "${cpu[@]}" -m "${WORKSHOP_VM_MEMORY:-2048}"
		-smp "${VM_CPUS:-${WORKSHOP_VM_CPUS:-2}}" ${WORKSHOP_VM_QEMU_OPTS:-} -kernel "$(vm_kernel_image "$kver")" -initrd "$initrd"
		-append "console=ttyS0 loglevel=4 panic=-1 mitigations=off no_timer_check random.trust_cpu=on cryptomgr.notests ${WORKSHOP_VM_APPEND:-}"
		-display none -monitor none -no-reboot
		-device virtio-rng-pci
		-serial "file:$run/console.log"
		"${io[@]}"
		-virtfs "local,path=${VM_SYSROOT:-/},mount_tag=hostroot,security_model=none$ro,multidevs=remap"
		-virtfs "local,path=$run/share,mount_tag=wsout,security_model=none")
	if [ -n "${VM_WARM:-}" ]; then
		(
			close_fds
			exec setsid qemu-system-x86_64 "${args[@]}" </dev/null >"$run/qemu.err" 2>&1
		) &
	else
		qemu-system-x86_64 "${args[@]}" <"$stdin" 2>"$run/qemu.err" &
	fi
	QEMU_PID=$!
	# Not a job of ours: a qemu that dies of a signal (KVM's abort) must not
	# make bash print its "Aborted ..." job line. The guest's status comes
	# through the share, not qemu's exit status.
	disown "$QEMU_PID"
}

# close_fds: closes every file this shell has open but its standard three (a
# lock, a test harness's pipe), so that a process it starts for longer than
# itself holds none of them.
close_fds() {
	local f
	for f in /proc/$BASHPID/fd/*; do
		f=${f##*/}
		[ "$f" -gt 2 ] 2>/dev/null && eval "exec $f>&-" 2>/dev/null
	done
	return 0
}

# wait_for_init PID RUNDIR SECONDS: 0 once the guest's init ran, 1 if qemu
# ended first, 2 if the time ran out.
wait_for_init() {
	local pid=$1 run=$2 limit=$(($3 * 10)) i=0
	while [ $i -lt $limit ]; do
		grep -qs 'workshop-vm: init reached' "$run/console.log" && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 2
}

# pick_accel: kvm when /dev/kvm is usable and not remembered as unusable
# (kvm-unusable: qemu failed to start with it; kvm-hangs: the guest hung), else tcg.
pick_accel() {
	case ${WORKSHOP_ACCEL:-auto} in
	tcg | kvm) echo "$WORKSHOP_ACCEL" ;;
	auto)
		if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ ! -e "$CACHE/vm/kvm-hangs" ] &&
			[ ! -e "$CACHE/vm/kvm-unusable" ]; then
			echo kvm
		else
			echo tcg
		fi
		;;
	*) die "WORKSHOP_ACCEL=$WORKSHOP_ACCEL is not one of auto, tcg, kvm" ;;
	esac
}

# qemu_reason RUNDIR: qemu's own words for why it stopped, on one line.
qemu_reason() {
	grep -v '^\s*$' "$1/qemu.err" 2>/dev/null | grep -m1 -iE 'error|fail|cannot|could not' |
		sed 's/^qemu-system-x86_64: //; s/^error: //' | cut -c1-120 || true
}

# vm_boot ACCEL RUNDIR INITRD KVER: starts qemu (QEMU_PID) and waits until
# the guest's init runs. A KVM guest that fails or hangs before init is
# replaced by a TCG one, and remembered (pick_accel).
vm_boot() {
	local accel=$1 run=$2 initrd=$3 kver=$4 rc reason
	VM_ACCEL=$accel
	qemu_start "$accel" "$run" "$initrd" "$kver"
	if [ "$accel" = kvm ]; then
		rc=0
		wait_for_init "$QEMU_PID" "$run" "${WORKSHOP_KVM_BOOT_TIMEOUT:-20}" || rc=$?
		if [ $rc -ne 0 ]; then
			kill "$QEMU_PID" 2>/dev/null || true
			reason=$(qemu_reason "$run")
			[ "${WORKSHOP_ACCEL:-auto}" != kvm ] ||
				die "KVM did not work (WORKSHOP_ACCEL=kvm): ${reason:-the guest did not reach init in ${WORKSHOP_KVM_BOOT_TIMEOUT:-20} s}: unset WORKSHOP_ACCEL to use TCG"
			if [ $rc -eq 2 ]; then
				touch "$CACHE/vm/kvm-hangs"
				say "vm: the KVM guest is stuck before init: using TCG (remembered; WORKSHOP_ACCEL=kvm tries KVM again)"
			else
				printf '%s\n' "${reason:-qemu exited}" >"$CACHE/vm/kvm-unusable"
				say "vm: KVM is not usable here (qemu: ${reason:-qemu exited}): using TCG (remembered; WORKSHOP_ACCEL=kvm tries KVM again)"
			fi
			rm -f "$run/console.log"
			VM_ACCEL=tcg
			qemu_start tcg "$run" "$initrd" "$kver"
		elif [ "${WORKSHOP_ACCEL:-auto}" = kvm ]; then
			rm -f "$CACHE/vm/kvm-hangs" "$CACHE/vm/kvm-unusable"
		fi
	fi
	rc=0
	wait_for_init "$QEMU_PID" "$run" 120 || rc=$?
	if [ $rc -ne 0 ]; then
		kill "$QEMU_PID" 2>/dev/null || true
		tail -5 "$run/qemu.err" "$run/console.log" >&2 2>/dev/null || true
		die "the VM did not reach init within 120 s: see $run/console.log"
	fi
}

# vm_prune: keeps the newest WORKSHOP_VM_RUNS run folders (their logs are
# what error messages point to) and removes the older ones, but never one
# whose launcher is still running (its "owner" file names that process):
# several VMs may run at once (the exercise checks run two).
vm_prune() {
	local keep=${WORKSHOP_VM_RUNS:-8} owner
	# shellcheck disable=SC2012
	ls -1dt "$CACHE"/vm/run.* 2>/dev/null | tail -n +$((keep + 1)) | while read -r d; do
		owner=$(cat "$d/owner" 2>/dev/null || true)
		[ -n "$owner" ] && kill -0 "$owner" 2>/dev/null && continue
		rm -rf "$d"
	done
}

# vm_run KVER SCRIPT: boots the VM, runs SCRIPT (a shell script file) inside
# a chroot of this machine's root, streams its output, and returns its exit
# status. Leaves console.log and dmesg in $VM_RUN. With VM_SYSROOT=DIR it
# boots DIR's kernel KVER and runs in DIR instead; VM_RW=1 mounts it writable.
# A plain command runs in the warm VM (vm_warm_wanted, tools/vm-warm.sh).
vm_run() {
	local kver=$1 script=$2 initrd accel rc limit start
	command -v qemu-system-x86_64 >/dev/null || die "qemu is missing: run '$PROG setup'"
	# (set -e is off here: callers use 'vm_run ... || rc=$?'.)
	initrd=$(initramfs "$kver") || exit 1
	vm_prune
	VM_RUN=$(mktemp -d "$CACHE/vm/run.XXXXXX")
	echo $$ >"$VM_RUN/owner"
	mkdir -p "$VM_RUN/share"
	if vm_warm_wanted; then
		vm_warm_run "$kver" "$script" "$initrd"
		return
	fi
	cp "$script" "$VM_RUN/share/cmd.sh"
	[ -z "${VM_INTERACTIVE:-}" ] || touch "$VM_RUN/share/interactive"
	accel=$(pick_accel) || exit 1
	[ -n "${VM_INTERACTIVE:-}" ] || say "vm: booting $kver under ${accel^^}"
	vm_boot "$accel" "$VM_RUN" "$initrd" "$kver"
	limit=${WORKSHOP_VM_TIMEOUT:-600}
	[ -z "${VM_INTERACTIVE:-}" ] || limit=86400
	start=$SECONDS
	while kill -0 "$QEMU_PID" 2>/dev/null; do
		if [ $((SECONDS - start)) -ge "$limit" ]; then
			kill "$QEMU_PID" 2>/dev/null || true
			vm_keep_logs
			die "the VM command timed out after $limit s (WORKSHOP_VM_TIMEOUT raises it): see $VM_RUN/console.log"
		fi
		sleep 0.1
	done
	QEMU_PID=""
	if [ ! -s "$VM_RUN/share/status" ]; then
		grep -E 'Kernel panic|BUG:|Oops|stack guard' "$VM_RUN/console.log" 2>/dev/null | head -3 >&2 || true
		vm_keep_logs
		die "the guest kernel crashed before the command finished: see $VM_RUN/console.log"
	fi
	cp "$VM_RUN/share/dmesg" "$VM_RUN/dmesg" 2>/dev/null || true
	return "$(cat "$VM_RUN/share/status")"
}

# vm_keep_logs: with WORKSHOP_VM_KEEP=DIR, copies the last run's console.log
# and dmesg there, also when the guest crashed.
vm_keep_logs() {
	[ -n "${WORKSHOP_VM_KEEP:-}" ] || return 0
	mkdir -p "$WORKSHOP_VM_KEEP"
	cp "$VM_RUN/console.log" "$WORKSHOP_VM_KEEP/" 2>/dev/null || true
	cp "$VM_RUN/share/dmesg" "$WORKSHOP_VM_KEEP/" 2>/dev/null || true
}

# sh_quote ARG...: the arguments, quoted for a POSIX sh: the guest runs the
# script with dash, which does not read bash's $'...' (printf %q's newlines).
sh_quote() {
	local a
	for a in "$@"; do
		printf "'%s' " "${a//\'/\'\\\'\'}"
	done
}

# guest_script FILE CMD...: a script that runs CMD in this directory, with
# this machine's PATH and JAVA_HOME.
guest_script() {
	local file=$1
	shift
	{
		echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
		echo "export HOME=/tmp LANG=C.UTF-8 TERM=dumb"
		[ -n "${JAVA_HOME:-}" ] && printf 'export JAVA_HOME=%q\n' "$JAVA_HOME"
		printf 'cd %q || exit 1\n' "$PWD"
		printf '%s\n' "$@"
	} >"$file"
}


cmd_vm() {
	local n="" kver script rc=0 load="" unload="" module="" params=() ko
	case ${1:-} in
	status | stop)
		[ $# -eq 1 ] || die "usage: $PROG vm $1"
		"vm_warm_$1"
		return
		;;
	esac
	while [ $# -gt 0 ]; do
		case $1 in
		--step) n=$(stage_number "${2:-}"); shift ;;
		--module)
			module=$(cd "${2:-/nonexistent}" 2>/dev/null && pwd) && [ -e "$module/Kbuild" ] ||
				die "--module needs a kernel module folder with a Kbuild file, e.g. --module kernel/pitfalls/seed-forged-pid"
			shift
			;;
		--param)
			[[ "${2:-}" =~ ^[a-z_][a-z0-9_]*=[^[:space:]]*$ ]] ||
				die "--param needs NAME=VALUE, e.g. --param admin_only=1"
			params+=("$2")
			shift
			;;
		--) shift; break ;;
		*) die "usage: $PROG vm [--step N | --module DIR] [--param NAME=VALUE]... -- COMMAND..., or $PROG vm status|stop" ;;
		esac
		shift
	done
	[ $# -gt 0 ] || die "vm needs a command after '--', e.g. '$PROG vm --step 10 -- dmesg'"
	[ -n "$n" ] && [ -n "$module" ] && die "--step and --module both load a module on protocol 31: give one"
	[ ${#params[@]} -eq 0 ] || [ -n "$n$module" ] || die "--param needs a module to pass it to: add --step N"
	[ -z "${WORKSHOP_NO_SETUP:-}" ] && cmd_setup
	kver=$(vm_kernel)
	if [ -n "$n" ]; then
		build_module "$n" "$kver"
		ko=$(stage_kernel_dir "$n")/nlws.ko
	elif [ -n "$module" ]; then
		build_dir "$module" "$kver"
		ko=$(ls "$module"/*.ko | sed -n 1p)
	fi
	if [ -n "$n$module" ]; then
		load="insmod $(printf %q "$ko") ${params[*]} || exit 1"
		# In the warm VM the module goes after the command, when it can, so
		# that the next command finds the kernel clean (else it boots anew).
		vm_warm_wanted && unload="rmmod $(printf %q "$(basename "$ko" .ko)") 2>/dev/null"
	fi
	script=$(mktemp -p "$WS_TMP")
	guest_script "$script" "$load" "$(sh_quote "$@")" ${unload:+"rc=\$?" "$unload" "exit \$rc"}
	vm_run "$kver" "$script" || rc=$?
	vm_keep_logs
	return $rc
}


# cmd_shell [--step N]: an interactive root shell in the VM, in stage N's
# kernel folder (your work/ copy when you have one) with nlws.ko built but not
# loaded, and every stage's program on PATH under its class's name.
cmd_shell() {
	local n=10 kver dir bin script i main
	while [ $# -gt 0 ]; do
		case $1 in
		--step) n=$(stage_number "${2:-}"); shift ;;
		*) die "usage: $PROG shell [--step N]" ;;
		esac
		shift
	done
	[ -t 0 ] && [ -t 1 ] ||
		die "shell needs a terminal: run it in a terminal, not through a pipe"
	[ -z "${WORKSHOP_NO_SETUP:-}" ] && cmd_setup
	kver=$(vm_kernel)
	# Your files, when you have an exercise for this stage.
	[ -e "$WORK/${KERNEL_DIRS[$n]}/Kbuild" ] || [ -d "$WORK/${STEP_DIRS[$n]}/src" ] &&
		WORKSHOP_SOURCE=work
	dir=$(stage_kernel_dir "$n")
	say "build: ${dir#"$ROOT"/} for $kver"
	build_module "$n" "$kver"
	bin=$WS_TMP/bin
	mkdir -p "$bin"
	for i in "${STAGE_LIST[@]}"; do
		[ -z "${WORKSHOP_NO_BUILD:-}" ] && build_java "$i"
		main=${MAINS[$i]##*.}
		printf '#!/bin/sh\nexec %s "$@"\n' "$(java_cmd "$i")" >"$bin/$main"
		chmod +x "$bin/$main"
	done
	script=$(mktemp -p "$WS_TMP")
	guest_script "$script" \
		"export PATH=$(printf %q "$bin"):\$PATH TERM=$(printf %q "${TERM:-vt100}")" \
		"cd $(printf %q "$dir") || exit 1" \
		"echo 'You are root in the VM, on Debian kernel $kver, in ${dir#"$ROOT"/}.'" \
		"echo 'nlws.ko is built, not loaded. Try: insmod nlws.ko; dmesg | tail -3; HelloClient; rmmod nlws'" \
		"echo 'Every stage has its program on PATH: $(for i in "${STAGE_LIST[@]}"; do printf '%s ' "${MAINS[$i]##*.}"; done)'" \
		"echo 'Ctrl-D (or exit) powers the VM off.'" \
		"PS1='vm:\\w# ' exec /bin/bash --norc --noprofile -i"
	VM_INTERACTIVE=1 WORKSHOP_VM_TIMEOUT=86400 vm_run "$kver" "$script" || true
	say "shell: the VM is off"
}

# shellcheck source=tools/vm-warm.sh
. "$ROOT/tools/vm-warm.sh"
