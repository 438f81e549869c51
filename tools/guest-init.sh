#!/bin/busybox sh
# guest-init.sh - the embedded VM's /init (busybox sh), copied into the
# initramfs by tools/vm.sh with /etc/ws.conf beside it (MODULES, the drivers
# to load; MODE, ro or rw for the host's root).
#
# It mounts the host's root (or the rehearsal's root) over 9p, waits until
# the kernel's random number generator is seeded (RDRAND or virtio-rng), runs
# /tmp/ws/cmd.sh in a chroot of that root on ttyS1 (qemu's stdio: for
# './workshop shell' an interactive terminal), then powers off.
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
mount -t 9p -o "trans=virtio,version=9p2000.L,$MODE,msize=512000,cache=loose" hostroot /root ||
	fail "cannot mount the host's root over 9p"
mount -t proc proc /root/proc
mount -t sysfs sys /root/sys
mount -t devtmpfs dev /root/dev
mkdir -p /root/dev/pts /root/dev/shm
mount -t devpts devpts /root/dev/pts
mount -t tmpfs shm /root/dev/shm
if [ "$MODE" = ro ]; then
	# /tmp: the host's /tmp (where a clone may live) under a writable tmpfs layer.
	mkdir -p /scratch
	mount -t tmpfs scratch /scratch
	mkdir /scratch/upper /scratch/work
	# The overlay's root takes the upper layer's mode: /tmp's own, so that
	# unprivileged users (setpriv in the tests) can write there too.
	chmod 1777 /scratch/upper
	mount -t overlay overlay -o lowerdir=/root/tmp,upperdir=/scratch/upper,workdir=/scratch/work /root/tmp ||
		fail "cannot mount the overlay on /tmp"
else
	mount -t tmpfs tmp /root/tmp
fi
mount -t tmpfs run /root/run
mkdir /root/tmp/ws
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 wsout /root/tmp/ws ||
	fail "cannot mount the output share"
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
else
	stty -F /dev/ttyS1 raw -echo
	chroot /root /bin/sh /tmp/ws/cmd.sh </dev/null >/dev/ttyS1 2>&1
fi
echo $? >/root/tmp/ws/status
dmesg >/root/tmp/ws/dmesg
sync
umount /root/tmp/ws
poweroff -f
