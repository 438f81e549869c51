#!/bin/busybox sh
# guest-init.sh - the embedded VM's /init (busybox sh), copied into the
# initramfs by tools/vm.sh with /etc/ws.conf beside it (MODULES, the drivers
# to load; MODE, ro or rw for the host's root).
#
# It mounts the host's root (or the rehearsal's root) over 9p, waits until
# the kernel's random number generator is seeded (RDRAND or virtio-rng), runs
# /tmp/ws/cmd.sh in a chroot of that root on ttyS1 (qemu's stdio: for
# './workshop shell' an interactive terminal), then powers off.
#
# The warm VM (tools/vm-warm.sh; the share holds a file "warm") stays up
# instead: after each command it waits on ttyS2 for the next one's line
# "run SEQ IDLE", checks that the kernel is as clean as a fresh boot's, and
# powers off after IDLE seconds without one. Its host /usr comes from a
# share of its own (hostusr), cached for the guest's life; the rest of the
# host's root is read fresh on every access (cache=mmap), so that a jar or a
# module rebuilt on the host is what the next command loads.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
. /etc/ws.conf
echo "workshop-vm: init reached" >/dev/ttyS0
fail() {
	echo "workshop-vm: $*" >/dev/ttyS0
	poweroff -f
}
for m in $MODULES; do
	insmod "/modules/$m.ko" || fail "insmod $m failed"
done
P9="trans=virtio,version=9p2000.L,msize=512000"
if grep -qs hostusr /sys/bus/virtio/devices/*/mount_tag; then
	mount -t 9p -o "$P9,ro,cache=mmap" hostroot /root ||
		fail "cannot mount the host's root over 9p"
	# /usr/local is not Debian's: it stays fresh, from the root's share.
	mkdir -p /usrlocal
	mount --bind /root/usr/local /usrlocal 2>/dev/null || rmdir /usrlocal
	mount -t 9p -o "$P9,ro,cache=loose" hostusr /root/usr ||
		fail "cannot mount the host's /usr over 9p"
	[ ! -d /usrlocal ] || mount --move /usrlocal /root/usr/local ||
		fail "cannot mount the host's /usr/local"
else
	mount -t 9p -o "$P9,$MODE,cache=loose" hostroot /root ||
		fail "cannot mount the host's root over 9p"
fi
mount -t proc proc /root/proc
mount -t sysfs sys /root/sys
mount -t devtmpfs dev /root/dev
mkdir -p /root/dev/pts
mount -t devpts devpts /root/dev/pts

# fresh_tmp: /tmp, /run and /dev/shm as a fresh boot has them, and the output
# share on /tmp/ws.
fresh_tmp() {
	if [ "$MODE" = ro ]; then
		# /tmp: the host's /tmp (where a clone may live) under a writable tmpfs layer.
		mkdir -p /scratch
		mount -t tmpfs scratch /scratch || return 1
		mkdir /scratch/upper /scratch/work
		# The overlay's root takes the upper layer's mode: /tmp's own, so that
		# unprivileged users (setpriv in the tests) can write there too.
		chmod 1777 /scratch/upper
		mount -t overlay overlay -o lowerdir=/root/tmp,upperdir=/scratch/upper,workdir=/scratch/work \
			/root/tmp || return 1
	else
		mount -t tmpfs tmp /root/tmp || return 1
	fi
	mkdir -p /root/dev/shm
	mount -t tmpfs shm /root/dev/shm || return 1
	mount -t tmpfs run /root/run || return 1
	mkdir /root/tmp/ws
	mount -t 9p -o "$P9" wsout /root/tmp/ws
}
fresh_tmp || fail "cannot mount /tmp, /run or the output share"
# Reading /dev/random blocks until the kernel's random number generator is
# ready (at once with the CPU's RDRAND; from virtio-rng it takes a moment; 30 s
# bound). The key that hashes printed pointers (%p, %pK) is filled just after,
# by a notifier: until then /proc/net/netlink shows (____ptrval____), so wait
# for that too (5 s).
if ! timeout 30 dd if=/dev/random of=/dev/null bs=1 count=1 2>/dev/null; then
	echo "workshop-vm: note: the guest's random number generator is not seeded after 30 s: pointers print as (____ptrval____)" >/dev/ttyS0
fi
i=0
while grep -q '____ptrval____' /proc/net/netlink && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "workshop-vm: running" >/dev/ttyS0
if [ -e /root/tmp/ws/interactive ]; then
	# './workshop shell': ttyS1 is the learner's terminal, and the shell's
	# controlling terminal (setsid -c), so that Ctrl-C and job control work.
	setsid -c chroot /root /bin/sh /tmp/ws/cmd.sh <>/dev/ttyS1 >&0 2>&1
	echo $? >/root/tmp/ws/status
elif [ ! -e /root/tmp/ws/warm ]; then
	stty -F /dev/ttyS1 raw -echo
	chroot /root /bin/sh /tmp/ws/cmd.sh </dev/null >/dev/ttyS1 2>&1
	echo $? >/root/tmp/ws/status
fi
if [ ! -e /root/tmp/ws/warm ]; then
	dmesg >/root/tmp/ws/dmesg
	sync
	umount /root/tmp/ws
	poweroff -f
fi

# ---------------------------------------------------------------- the warm VM

# The taint flags a command must not add: R (forced rmmod), M (machine
# check), B (bad page), D (oops), W (warning), L (soft lockup).
TAINT_BAD=$((8 | 16 | 32 | 128 | 512 | 16384))
TAINT_BOOT=$(cat /proc/sys/kernel/tainted)
# The boot's own kernel log lines, which the first command's check skips.
LOG_SKIP=$(dmesg | wc -l)
mounts() {
	cut -d' ' -f2 /proc/mounts | tr '\n' ' '
}
MOUNTS_BOOT=$(mounts)

# loaded: one line when the kernel holds what a fresh boot does not: a module
# of the kit (each is out-of-tree: its taint flags show an O), a socket on
# protocol 31, or a taint flag a command must not add. Shell built-ins only:
# it runs before each command.
loaded() {
	local name size refs deps state addr flags sk eth rest t
	while read -r name size refs deps state addr flags; do
		case $name:$flags in nlws:* | *:\(*O*\))
			echo "module $name is still loaded"
			return
			;;
		esac
	done </proc/modules
	while read -r sk eth rest; do
		if [ "$eth" = 31 ]; then
			echo "a socket is still open on protocol 31"
			return
		fi
	done </proc/net/netlink
	read -r t </proc/sys/kernel/tainted
	t=$((t & ~TAINT_BOOT & TAINT_BAD))
	[ "$t" -eq 0 ] || echo "the kernel is tainted ($t, /proc/sys/kernel/tainted)"
}

# unclean: nothing when the kernel is as clean as a fresh boot left it, else
# one line that says what is not: loaded's checks, and the kernel log since
# the last command.
unclean() {
	local line
	line=$(loaded)
	if [ -n "$line" ]; then
		echo "$line"
		return
	fi
	line=$(dmesg | tail -n +$((LOG_SKIP + 1)) |
		grep -m1 -E '\] (BUG|WARNING|Oops|general protection|Kernel panic|kernel BUG|watchdog: )|Call Trace:' |
		sed 's/^\[[ 0-9.]*\] //' | cut -c1-100)
	[ -z "$line" ] || echo "the kernel log shows: $line"
}

# others: whether a process other than init and the kernel's threads is alive.
others() {
	local f pid comm state ppid
	for f in /proc/[0-9]*/stat; do
		read -r pid comm state ppid _ <"$f" 2>/dev/null || continue
		[ "$pid" = 1 ] || [ "$pid" = 2 ] || [ "$ppid" = 2 ] || [ "$state" = Z ] || return 0
	done
	return 1
}

# settle RC: after a command, ends what it left running and writes the
# kernel log and the exit status (last: the host waits for it). Then it sees
# whether the kernel is still clean (DIRTY says why not), makes /tmp, /run
# and /dev/shm anew and empties the kernel log, so that the next command
# starts as after a boot.
settle() {
	kill -9 -1 2>/dev/null
	i=0
	while others && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	dmesg >/root/tmp/ws/dmesg
	echo "$1" >/root/tmp/ws/status.new
	mv /root/tmp/ws/status.new /root/tmp/ws/status
	DIRTY=$(unclean)
	umount /root/tmp/ws /root/run /root/dev/shm /root/tmp /scratch 2>/dev/null
	fresh_tmp || DIRTY=${DIRTY:-cannot make /tmp anew}
	[ -n "$DIRTY" ] || [ "$(mounts)" = "$MOUNTS_BOOT" ] ||
		DIRTY="the command left a mount: $(mounts | tr ' ' '\n' | grep -v -x -F "$(echo "$MOUNTS_BOOT" | tr ' ' '\n')" | head -1)"
	[ -n "$DIRTY" ] || ! [ -x /root/usr/sbin/genl ] ||
		! chroot /root /usr/sbin/genl ctrl get name nlws >/dev/null 2>&1 ||
		DIRTY="the generic netlink family nlws is still registered"
	dmesg -c >/dev/null
	LOG_SKIP=0
}

warm_run() {
	echo "workshop-vm: command $1" >/dev/ttyS0
	stty -F /dev/ttyS1 raw -echo
	chroot /root /bin/sh /tmp/ws/cmd.sh </dev/null >/dev/ttyS1 2>&1 3<&-
	settle $?
}

exec 3</dev/ttyS2
stty raw -echo <&3
IDLE=$(cat /root/tmp/ws/warm)
warm_run 1
while true; do
	if ! read -t "$IDLE" cmd seq idle <&3; then
		echo "workshop-vm: idle for $IDLE s: powering off" >/dev/ttyS0
		poweroff -f
	fi
	[ "$cmd" = run ] || continue
	IDLE=$idle
	why=${DIRTY:-$(loaded)}
	if [ -n "$why" ]; then
		echo "$why" >/root/tmp/ws/unclean
		echo "workshop-vm: not clean: $why" >/dev/ttyS0
		poweroff -f
	fi
	echo "$seq" >/root/tmp/ws/started
	warm_run "$seq"
done
