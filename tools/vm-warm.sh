# shellcheck shell=bash
# tools/vm-warm.sh - the warm VM: the first VM command boots a guest that stays
# up, and the next commands run in it, each on a kernel as clean as a fresh
# boot's (tools/guest-init.sh checks it and says when not; then a fresh guest
# boots). It powers off after WORKSHOP_VM_IDLE seconds unused (default 600) or
# on './workshop vm stop'. One command runs in it at a time: a second one waits
# its turn, or, with WORKSHOP_VM_POOL=N (default 1), takes the next of N warm
# guests that is free (conformance's ExercisesIT runs two checks at once so).
# './workshop shell', the bench and the rehearsal boot guests of their own,
# and so does every command with WORKSHOP_VM_WARM=0 (the suite's VM tests:
# pom.xml sets it for them).
# Sourced by tools/vm.sh; uses its say, die and settings.
#
# The first guest's folder, $CACHE/vm/warm (the pool's next ones: warm-2, ...): pid, kver, accel, config (what it was
# booted with), booted, used (touched at each command's start and end), idle,
# seq (the last command's number), busy (the pid of the launcher whose
# command runs in it), console.log (ttyS0), out.log (ttyS1: the commands'
# output), ctl.in (a pipe: ttyS2, the commands' lines) and share/ (wsout:
# cmd.sh, then status, dmesg; started or unclean, the guest's answers).

WARM=$CACHE/vm/warm
# Seconds the guest may take to answer a command's line.
WARM_ANSWER=30

# tick: a pause of 50 ms without starting a process (read's time-out on a
# pipe that gets no data): the waits below poll with it.
tick() {
	read -r -t 0.05 -u "$WARM_TICK" _ || true
}

# vm_warm_wanted: whether this VM command runs in the warm VM.
vm_warm_wanted() {
	[ "${WORKSHOP_VM_WARM:-1}" != 0 ] && [ -z "${VM_INTERACTIVE:-}${VM_SYSROOT:-}${VM_RW:-}" ]
}

# warm_alive PID: PID is the warm guest's qemu, still running.
warm_alive() {
	[ -n "$1" ] && grep -qsF -- "$WARM/console.log" "/proc/$1/cmdline"
}

# warm_config KVER INITRD ACCEL: what a guest for this command is booted with,
# one setting a line. /usr is cached in the guest, so Debian's package list
# (dpkg's status file) counts too.
warm_config() {
	printf 'kernel %s %s\n' "$1" "$(stat -c %Y "$(vm_kernel_image "$1")")"
	printf 'initramfs %s\n' "$(stat -c %Y "$2")"
	printf 'accel %s\n' "$3"
	printf 'WORKSHOP_VM_MEMORY %s\n' "${WORKSHOP_VM_MEMORY:-2048}"
	printf 'WORKSHOP_VM_CPUS %s\n' "${VM_CPUS:-${WORKSHOP_VM_CPUS:-2}}"
	printf 'WORKSHOP_VM_APPEND %s\n' "${WORKSHOP_VM_APPEND:-}"
	printf 'WORKSHOP_VM_QEMU_OPTS %s\n' "${WORKSHOP_VM_QEMU_OPTS:-}"
	printf 'packages %s\n' "$(stat -c %Y /var/lib/dpkg/status 2>/dev/null)"
}

# warm_unfit CONFIG IDLE: nothing when the warm guest can take a command,
# else why not (a new one boots).
warm_unfit() {
	local config=$1 idle=$2 pid key
	pid=$(cat "$WARM/pid" 2>/dev/null || true)
	[ -n "$pid" ] || return 0
	if ! warm_alive "$pid"; then
		if grep -qs 'workshop-vm: idle for' "$WARM/console.log"; then
			echo "the warm VM had powered off, unused for $(cat "$WARM/idle" 2>/dev/null) s"
		elif grep -qs 'Kernel panic' "$WARM/console.log"; then
			echo "the warm VM's kernel had crashed"
		else
			echo "the warm VM had stopped"
		fi
		return 0
	fi
	key=$(diff <(printf '%s\n' "$config") "$WARM/config" 2>/dev/null | sed -n 's/^< \([^ ]*\).*/\1/p' | head -1)
	if [ -n "$key" ]; then
		case $key in
		kernel) echo "the kernel image changed" ;;
		initramfs) echo "the initramfs changed (tools/guest-init.sh or tools/vm.sh)" ;;
		packages) echo "Debian's packages changed (the warm VM caches /usr)" ;;
		accel) echo "the warm VM runs under $(tr a-z A-Z <"$WARM/accel"), not $(pick_accel | tr a-z A-Z)" ;;
		*) echo "$key is not the warm VM's ($(sed -n "s/^$key //p" "$WARM/config"))" ;;
		esac
		return 0
	fi
	[ -e "$WARM/share/status" ] || { echo "the warm VM's last command did not finish"; return 0; }
	# It powers itself off when unused for its idle time: too close to that, a new one is surer.
	[ $(($(date +%s) - $(stat -c %Y "$WARM/used"))) -lt $(($(cat "$WARM/idle") - 2)) ] ||
		echo "the warm VM was about to power off, unused for $(cat "$WARM/idle") s"
}

# warm_pool: how many warm guests commands may use (WORKSHOP_VM_POOL).
warm_pool() {
	local pool=${WORKSHOP_VM_POOL:-1}
	[[ $pool =~ ^[1-9]$ ]] || die "WORKSHOP_VM_POOL=$pool is not a number of warm VMs from 1 to 9, e.g. WORKSHOP_VM_POOL=2"
	echo "$pool"
}

# warm_dirs: the folders of the warm guests there are (up or not).
warm_dirs() {
	local dir
	for dir in "$CACHE/vm/warm" "$CACHE"/vm/warm-[2-9]; do
		[ -d "$dir" ] && echo "$dir"
	done
}

# warm_label: "a warm VM" for the first, "warm VM 2" for the pool's next ones.
warm_label() {
	case ${WARM##*/} in
	warm) echo "a warm VM" ;;
	*) echo "warm VM ${WARM##*/warm-}" ;;
	esac
}

# warm_lock CONFIG IDLE: takes a warm VM for this command (WARM: its
# folder): of the pool's free ones, the first that is up with CONFIG, else
# the first free one; when none is free, waits (saying so) for the first.
warm_lock() {
	local config=$1 idle=$2 holder pool i pass
	pool=$(warm_pool) || exit 1
	for pass in fit free; do
		for i in $(seq 1 "$pool"); do
			WARM=$CACHE/vm/warm
			[ "$i" = 1 ] || WARM=$CACHE/vm/warm-$i
			exec {WARM_LOCK}>>"$WARM.lock"
			if flock -n "$WARM_LOCK"; then
				[ $pass = free ] || [ "$pool" = 1 ] && return 0
				[ -e "$WARM/pid" ] && [ -z "$(warm_unfit "$config" "$idle")" ] && return 0
				flock -u "$WARM_LOCK"
			fi
			exec {WARM_LOCK}>&-
		done
	done
	WARM=$CACHE/vm/warm
	exec {WARM_LOCK}>>"$WARM.lock"
	holder=$(cat "$WARM/busy" 2>/dev/null || true)
	say "vm: waiting for the warm VM: another command runs in it (pid ${holder:-?}); WORKSHOP_VM_WARM=0 boots a VM of your own"
	flock -w $((${WORKSHOP_VM_TIMEOUT:-600} + 180)) "$WARM_LOCK" ||
		die "the warm VM stayed busy (pid ${holder:-?}): '$PROG vm stop' ends it, or WORKSHOP_VM_WARM=0 boots a VM of your own"
}

warm_unlock() {
	rm -f "$WARM/busy"
	exec {WARM_LOCK}>&-
}

# warm_kill: ends the warm guest's qemu, if it runs (SIGTERM, then SIGKILL
# after 10 s).
warm_kill() {
	local pid i=0
	pid=$(cat "$WARM/pid" 2>/dev/null || true)
	warm_alive "$pid" || return 0
	kill "$pid" 2>/dev/null || true
	while warm_alive "$pid" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null || true
}

# warm_boot KVER INITRD ACCEL CONFIG IDLE SCRIPT: boots a new warm guest,
# which runs SCRIPT as its first command.
warm_boot() {
	local kver=$1 initrd=$2 accel=$3 config=$4 idle=$5 script=$6
	warm_kill
	rm -rf "$WARM"
	mkdir -p "$WARM/share"
	mkfifo "$WARM/ctl.in" "$WARM/ctl.out"
	: >"$WARM/out.log"
	echo "$idle" >"$WARM/share/warm"
	echo "$idle" >"$WARM/idle"
	echo 1 >"$WARM/seq"
	echo $$ >"$WARM/busy"
	touch "$WARM/used"
	cp "$script" "$WARM/share/cmd.sh"
	VM_WARM=1 vm_boot "$accel" "$WARM" "$initrd" "$kver"
	echo "$QEMU_PID" >"$WARM/pid"
	echo "$kver" >"$WARM/kver"
	echo "$VM_ACCEL" >"$WARM/accel"
	date +%s >"$WARM/booted"
	printf '%s\n' "$config" | sed "s/^accel .*/accel $VM_ACCEL/" >"$WARM/config"
	(
		close_fds
		exec setsid bash -c "$(declare -f warm_watchdog); warm_watchdog \"\$@\"" warm-watchdog \
			"$WARM" "$QEMU_PID" </dev/null >/dev/null 2>&1
	) &
	disown $!
}

# warm_watchdog DIR PID: kills the guest when it outlives its idle time by 30
# s (it powers itself off at its idle time; this is for a guest that hangs).
warm_watchdog() {
	local dir=$1 pid=$2 busy idle used
	while grep -qsF -- "$dir/console.log" "/proc/$pid/cmdline"; do
		sleep 5
		busy=$(cat "$dir/busy" 2>/dev/null || true)
		[ -n "$busy" ] && kill -0 "$busy" 2>/dev/null && continue
		idle=$(cat "$dir/idle" 2>/dev/null || echo 600)
		used=$(stat -c %Y "$dir/used" 2>/dev/null || echo 0)
		if [ $(($(date +%s) - used)) -gt $((idle + 30)) ]; then
			echo "watchdog: unused for more than $idle + 30 s: killed" >>"$dir/qemu.err"
			kill "$pid"
			sleep 10
			kill -9 "$pid" 2>/dev/null
			exit 0
		fi
	done
}

# warm_send SEQ IDLE: hands the warm guest its next command (share/cmd.sh);
# nothing once the guest has started it, else why it did not.
warm_send() {
	local seq=$1 idle=$2 pid fd i=0
	pid=$(cat "$WARM/pid")
	rm -f "$WARM/share/status" "$WARM/share/started" "$WARM/share/unclean" "$WARM/share/dmesg"
	exec {fd}<>"$WARM/ctl.in"
	printf 'run %s %s\n' "$seq" "$idle" >&"$fd"
	exec {fd}>&-
	while [ ! -e "$WARM/share/started" ]; do
		if [ -s "$WARM/share/unclean" ]; then
			echo "the warm VM is not clean ($(cat "$WARM/share/unclean"))"
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "the warm VM stopped"
			return 0
		fi
		if [ $i -ge $((WARM_ANSWER * 20)) ]; then
			echo "the warm VM did not answer within $WARM_ANSWER s"
			return 0
		fi
		tick
		i=$((i + 1))
	done
}

# warm_wait PID LIMIT: 0 once the command's status is there, 1 if qemu ended
# first, 2 if LIMIT seconds ran out.
warm_wait() {
	local pid=$1 limit=$2 start=$SECONDS
	while [ ! -e "$WARM/share/status" ]; do
		kill -0 "$pid" 2>/dev/null || { [ -e "$WARM/share/status" ] && return 0; return 1; }
		[ $((SECONDS - start)) -lt "$limit" ] || return 2
		tick
	done
}

# vm_warm_run KVER SCRIPT INITRD: vm_run in the warm VM (booted first when
# there is none, or it cannot take the command), with the same output, logs
# in $VM_RUN and exit status.
vm_warm_run() {
	local kver=$1 script=$2 initrd=$3 idle=${WORKSHOP_VM_IDLE:-600} accel config why seq pid off coff
	local limit=${WORKSHOP_VM_TIMEOUT:-600} watcher tailer rc
	[[ $idle =~ ^[1-9][0-9]*$ ]] || die "WORKSHOP_VM_IDLE=$idle is not a number of seconds, e.g. WORKSHOP_VM_IDLE=600"
	command -v flock >/dev/null || die "flock is missing (util-linux): run '$PROG setup'"
	accel=$(pick_accel) || exit 1
	mkfifo "$WS_TMP/tick"
	exec {WARM_TICK}<>"$WS_TMP/tick"
	config=$(warm_config "$kver" "$initrd" "$accel")
	warm_lock "$config" "$idle"
	why=$(warm_unfit "$config" "$idle")
	if [ -e "$WARM/pid" ] && [ -z "$why" ]; then
		seq=$(($(cat "$WARM/seq") + 1))
		echo "$seq" >"$WARM/seq"
		echo $$ >"$WARM/busy"
		echo "$idle" >"$WARM/idle"
		touch "$WARM/used"
		cp "$script" "$WARM/share/cmd.sh"
		off=$(stat -c %s "$WARM/out.log")
		coff=$(stat -c %s "$WARM/console.log")
		why=$(warm_send "$seq" "$idle")
	fi
	if [ ! -e "$WARM/pid" ] || [ -n "$why" ]; then
		if [ -n "$why" ]; then
			say "vm: booting $kver under ${accel^^}: $why"
		else
			say "vm: booting $kver under ${accel^^} (a warm VM: it runs the next VM commands too, until unused for $idle s)"
		fi
		warm_boot "$kver" "$initrd" "$accel" "$config" "$idle" "$script"
		off=0 coff=0
	fi
	pid=$(cat "$WARM/pid")
	# Interrupted, the launcher takes the guest down with it (on_exit):
	# its command's state is unknown.
	QEMU_PID=$pid
	warm_wait "$pid" "$limit" {WARM_LOCK}>&- &
	watcher=$!
	tail -c +$((off + 1)) -s 0.05 --pid="$watcher" -f "$WARM/out.log" {WARM_LOCK}>&- &
	tailer=$!
	rc=0
	wait "$watcher" || rc=$?
	wait "$tailer" 2>/dev/null || true
	tail -c +$((coff + 1)) "$WARM/console.log" >"$VM_RUN/console.log" 2>/dev/null || true
	if [ $rc -eq 2 ]; then
		kill "$pid" 2>/dev/null || true
		vm_keep_logs
		die "the VM command timed out after $limit s (WORKSHOP_VM_TIMEOUT raises it): see $VM_RUN/console.log"
	fi
	if [ $rc -eq 1 ]; then
		QEMU_PID=""
		vm_keep_logs
		[ ! -e "$WARM/stopped" ] ||
			die "the warm VM was stopped ('$PROG vm stop') before the command finished"
		grep -E 'Kernel panic|BUG:|Oops|stack guard' "$VM_RUN/console.log" 2>/dev/null | head -3 >&2 || true
		die "the guest kernel crashed before the command finished: see $VM_RUN/console.log"
	fi
	QEMU_PID=""
	touch "$WARM/used"
	cp "$WARM/share/dmesg" "$VM_RUN/share/dmesg" 2>/dev/null || true
	cp "$WARM/share/dmesg" "$VM_RUN/dmesg" 2>/dev/null || true
	rc=$(cat "$WARM/share/status")
	warm_unlock
	return "$rc"
}

# vm_warm_status: whether a warm VM is up, and each one's pid, kernel and times.
vm_warm_status() {
	local up=0
	for WARM in $(warm_dirs); do
		warm_alive "$(cat "$WARM/pid" 2>/dev/null || true)" || continue
		warm_status_line
		up=$((up + 1))
	done
	[ $up -gt 0 ] || say "vm: no warm VM is up (the next VM command boots one)"
}

# warm_status_line: one line on the warm VM in $WARM.
warm_status_line() {
	local pid now busy seq
	pid=$(cat "$WARM/pid")
	now=$(date +%s)
	busy=$(cat "$WARM/busy" 2>/dev/null || true)
	if [ -n "$busy" ] && kill -0 "$busy" 2>/dev/null; then
		busy="running a command (pid $busy)"
	else
		busy="unused for $(duration $((now - $(stat -c %Y "$WARM/used")))) (it powers off at $(cat "$WARM/idle") s unused)"
	fi
	seq=$(cat "$WARM/seq")
	say "vm: $(warm_label) is up: pid $pid, kernel $(cat "$WARM/kver") under $(tr a-z A-Z <"$WARM/accel"), up $(duration $((now - $(cat "$WARM/booted")))), $seq command$([ "$seq" = 1 ] || echo s), $busy"
}

# vm_warm_stop: powers every warm VM off.
vm_warm_stop() {
	local pid off=0
	for WARM in $(warm_dirs); do
		pid=$(cat "$WARM/pid" 2>/dev/null || true)
		warm_alive "$pid" || continue
		touch "$WARM/stopped"
		warm_kill
		rm -f "$WARM/pid"
		say "vm: $(warm_label | sed 's/^a /the /') (pid $pid) is off"
		off=$((off + 1))
	done
	[ $off -gt 0 ] || say "vm: no warm VM is up"
}

# duration SECONDS: "2 min 5 s".
duration() {
	if [ "$1" -ge 60 ]; then
		echo "$(($1 / 60)) min $(($1 % 60)) s"
	else
		echo "$1 s"
	fi
}
