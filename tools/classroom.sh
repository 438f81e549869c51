# shellcheck shell=bash
# tools/classroom.sh - the classroom VM: provision (inside it), rehearse (a Debian 12 root in the embedded VM
# or, with --vagrant, booted by Vagrant) and box (the Vagrant box for libvirt).
# Sourced by ./workshop; uses its say, die and settings.

# What the classroom VM needs besides the kernel headers (and the JDK and
# Maven, which ensure_java installs).
PKGS_CLASSROOM=(build-essential kmod sudo)

# apt_can_install PKG: apt knows a version of PKG it could install.
apt_can_install() {
	local policy
	policy=$(apt-cache policy "$1" 2>/dev/null) || return 1
	grep -q 'Candidate: [^(]' <<<"$policy"
}

# provision_maven: fetches every Maven dependency and plugin the kit uses, by
# a real build that runs the unit tests (their plugins load only then), unless
# an offline build already works. A failing test does not stop it: the aim is
# the files, and '$PROG test' judges the tests.
provision_maven() {
	local log=$CACHE/mvn-provision.log mvn
	mvn=(mvn -B ${WORKSHOP_MVN_OPTS:-} -Dmaven.test.failure.ignore=true)
	say "provision: checking that Maven can build the kit offline (mvn -o package)"
	if (cd "$ROOT" && "${mvn[@]}" -o package) >"$log" 2>&1; then
		say "provision: Maven has every file it needs already"
		return 0
	fi
	say "provision: fetching Maven's plugins and dependencies (dependency:go-offline)"
	(cd "$ROOT" && "${mvn[@]}" dependency:go-offline) >"$log" 2>&1 || {
		grep -m3 ERROR "$log" >&2 || true
		die "Maven could not fetch the kit's dependencies: check the network to Maven Central; see $log"
	}
	say "provision: building the kit with its unit tests (fetches what go-offline misses)"
	(cd "$ROOT" && "${mvn[@]}" package) >"$log" 2>&1 || {
		grep -m3 ERROR "$log" >&2 || true
		die "the kit's Maven build failed: see $log"
	}
	if grep -q 'There are test failures' "$log"; then
		say "provision: note: some unit tests fail (see $log); '$PROG test' shows them"
	fi
	say "provision: confirming the build now works offline (mvn -o)"
	(cd "$ROOT" && "${mvn[@]}" -o package) >"$log.offline" 2>&1 || {
		grep -m3 ERROR "$log.offline" >&2 || true
		die "Maven still needs the network after fetching: see $log.offline"
	}
}

# cmd_provision [--kernel VERSION]: readies this machine (the classroom VM)
# for '$PROG run N --here' offline; safe to run again.
cmd_provision() {
	local kver="" start=$SECONDS reload="" n arch
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel)
			kver=${2:-}
			[ -n "$kver" ] || die "--kernel needs a version, e.g. '$PROG provision --kernel $(uname -r)'"
			shift
			;;
		*) die "unknown option '$1' for provision: usage '$PROG provision [--kernel VERSION]'" ;;
		esac
		shift
	done
	[ -n "$kver" ] || kver=$(uname -r)
	if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
		die "run provision as $SUDO_USER, without sudo: Maven's files belong in that user's ~/.m2 (it calls sudo itself)"
	fi
	mkdir -p "$CACHE"
	say "provision: for kernel $kver, as user $(id -un), in $ROOT"
	if [ -d "/lib/modules/$kver/build" ]; then
		say "provision: the headers for $kver are installed"
	else
		command -v apt-get >/dev/null ||
			die "no headers for kernel $kver and no apt-get: install your distribution's headers for $kver"
		# A fresh list: an old one may still name headers the mirror dropped.
		say "provision: refreshing the package lists (apt-get update)"
		as_root apt-get update -qq >/dev/null ||
			die "apt-get update failed: check the network or /etc/apt/sources.list"
		touch "$CACHE/apt-updated"
		if apt_can_install "linux-headers-$kver"; then
			ensure_pkgs "kernel headers" "linux-headers-$kver"
		else
			arch=$(dpkg --print-architecture)
			say "provision: the mirror no longer has linux-headers-$kver: installing Debian's current kernel with its headers"
			ensure_pkgs "current kernel" "linux-image-$arch" "linux-headers-$arch"
			reload=$kver
			kver=$(vm_kernel)
			[ "$kver" != "$reload" ] ||
				die "installing linux-image-$arch brought no newer kernel than $kver: check the apt sources; see $CACHE/apt-install.log"
		fi
	fi
	ensure_pkgs "build" "${PKGS_CLASSROOM[@]}"
	ensure_java
	say "provision: building the ten kernel stages for $kver"
	for n in 1 2 3 4 5 6 7 8 9 10; do
		build_module "$n" "$kver"
	done
	provision_maven
	say "provision: done in $((SECONDS - start)) s; the class can now work offline (WORKSHOP_OFFLINE=1 skips Maven's network checks)"
	if [ -n "$reload" ]; then
		say "provision: kernel $kver is installed for $reload, which has no headers any more"
		say "provision: NEXT: on your computer run 'vagrant reload' (or reboot this VM), then 'vagrant ssh'"
	else
		say "provision: NEXT: vagrant ssh, then: cd /vagrant && ./workshop run 1 --here"
		say "provision: watch the kernel log live in a second terminal: vagrant ssh -c 'sudo dmesg -w'"
	fi
}

# rehearse_rmtree DIR: removes DIR, after unmounting anything a killed run
# left mounted in it (a bind-mounted /dev must never be emptied).
rehearse_rmtree() {
	local d=$1 m
	[ -e "$d" ] || return 0
	for m in $(awk -v d="$d/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	rm -rf --one-file-system "$d"
}

# debian_mirror SUITE DEFAULT: the mirror apt here uses for SUITE.
debian_mirror() {
	local uri
	uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' 2>/dev/null |
		awk -v s="$1" '$2 == s { print $1; exit }')
	echo "${uri:-$2}"
}

# chroot_mount ROOT / chroot_umount ROOT: the kernel file systems, and a
# package cache kept between rehearsals, for working in a chroot of ROOT.
chroot_mount() {
	local r=$1
	mount -t proc proc "$r/proc"
	mount -t sysfs sys "$r/sys"
	mount --bind /dev "$r/dev"
	mount --bind /dev/pts "$r/dev/pts"
	mkdir -p "$REHEARSE_CACHE/apt-archives/partial"
	mount --bind "$REHEARSE_CACHE/apt-archives" "$r/var/cache/apt/archives"
	cp -L /etc/resolv.conf "$r/etc/resolv.conf"
	# No services start inside a chroot.
	printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
	chmod +x "$r/usr/sbin/policy-rc.d"
}

chroot_umount() {
	local r=$1 m
	rm -f "$r/usr/sbin/policy-rc.d"
	for m in var/cache/apt/archives dev/pts dev sys proc; do
		mountpoint -q "$r/$m" && { umount "$r/$m" 2>/dev/null || umount -l "$r/$m"; }
	done
	return 0
}

# in_root ROOT CMD...: runs CMD in a chroot of ROOT as root, with a clean
# environment.
in_root() {
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# root_kernel ROOT: the newest kernel in ROOT/boot (with headers when any has).
root_kernel() {
	local r=$1 v first=""
	for v in $(ls "$r"/boot/vmlinuz-* 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -rV); do
		[ -n "$first" ] || first=$v
		[ -d "$r/lib/modules/$v/build" ] && { echo "$v"; return 0; }
	done
	[ -n "$first" ] || die "no kernel in $r/boot: remove $r and rehearse again"
	echo "$first"
}

# rehearse_begin NAME TOTAL: the rehearsal cache, its lock and the clock for a
# command NAME of phases 0 to TOTAL.
rehearse_begin() {
	REHEARSE_NAME=$1 REHEARSE_TOTAL=$2
	REHEARSE_CACHE=${WORKSHOP_REHEARSE_CACHE:-/var/cache/netlink-workshop}
	REHEARSE_START=$SECONDS
	REHEARSE_LOG=$REHEARSE_CACHE/$REHEARSE_NAME.log
	PHASE_AT=() PHASE_TEXT=()
	mkdir -p "$REHEARSE_CACHE" "$CACHE/vm"
	# One rehearsal at a time per cache: they would share the roots.
	exec 9>"$REHEARSE_CACHE/lock"
	flock -n 9 ||
		die "another rehearsal or box build is using $REHEARSE_CACHE: wait for it to end (or set WORKSHOP_REHEARSE_CACHE)"
	: >"$REHEARSE_LOG"
}

# rehearse_phase N TEXT: one progress line per phase, with the time so far.
rehearse_phase() {
	PHASE_AT[$1]=$SECONDS PHASE_TEXT[$1]=${2%%:*}
	say "$REHEARSE_NAME $1/$REHEARSE_TOTAL [$((SECONDS - REHEARSE_START)) s]: $2"
}

# rehearse_times: how long each phase took, one line each.
rehearse_times() {
	local n m next
	for n in "${!PHASE_AT[@]}"; do
		next=$SECONDS
		for m in "${!PHASE_AT[@]}"; do
			[ "$m" -gt "$n" ] && { next=${PHASE_AT[$m]}; break; }
		done
		say "$REHEARSE_NAME: phase $n took $((next - PHASE_AT[n])) s: ${PHASE_TEXT[n]}"
	done
}

# rehearse_root: phases 1 to 4, the provisioned Debian 12 root that the
# rehearsal boots and the box holds. Sets REHEARSE_ROOT and REHEARSE_KVER.
rehearse_root() {
	local suite=bookworm base root mirror security kver boxkver rc=0 as_vagrant log=$REHEARSE_LOG
	base=$REHEARSE_CACHE/$suite-base
	root=$REHEARSE_CACHE/$suite-root
	if [ -e "$base/.workshop-base-done" ]; then
		rehearse_phase 1 "Debian 12 root: cached in $base (rm -rf it to make a fresh one)"
		rehearse_phase 2 "kernel: cached, $(root_kernel "$base")"
	else
		mirror=${WORKSHOP_DEBIAN_MIRROR:-$(debian_mirror "$suite" http://deb.debian.org/debian/)}
		security=$(debian_mirror "$suite-security" http://deb.debian.org/debian-security/)
		rehearse_phase 1 "debootstrap $suite from $mirror into $base (a few minutes, once)"
		rehearse_rmtree "$base.tmp"
		debootstrap --include=sudo,ca-certificates "$suite" "$base.tmp" "$mirror" >>"$log" 2>&1 || {
			tail -3 "$log" >&2
			die "debootstrap failed: check the mirror $mirror (WORKSHOP_DEBIAN_MIRROR overrides it); see $log"
		}
		cat >"$base.tmp/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
		# INITRD=No: the embedded VM brings its own initramfs, so skip making
		# one here (the box makes Debian's own).
		rehearse_phase 2 "installing Debian's kernel (linux-image-amd64), standing in for the box's"
		CHROOT_MOUNTED=$base.tmp
		chroot_mount "$base.tmp"
		{ in_root "$base.tmp" apt-get update -qq &&
			in_root "$base.tmp" env INITRD=No apt-get install -y -qq linux-image-amd64; } \
			>>"$log" 2>&1 || {
			chroot_umount "$base.tmp"
			tail -3 "$log" >&2
			die "installing the kernel into the root failed: see $log"
		}
		chroot_umount "$base.tmp"
		CHROOT_MOUNTED=""
		touch "$base.tmp/.workshop-base-done"
		rehearse_rmtree "$base"
		mv "$base.tmp" "$base"
		say "$REHEARSE_NAME: root ready with kernel $(root_kernel "$base")"
	fi
	boxkver=$(root_kernel "$base")

	rehearse_phase 3 "copying the root, the repo to /vagrant, user vagrant with passwordless sudo"
	rehearse_rmtree "$root"
	cp -a "$base" "$root"
	rm -f "$root/.workshop-base-done"
	mkdir -p "$root/vagrant"
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		# Tracked and new files of the working tree, as 'vagrant rsync' sends.
		(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
			xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' - |
			tar -c --null -T - -f -) | tar -x -C "$root/vagrant" -f - ||
			die "copying the repo to $root/vagrant failed"
	else
		tar -c -C "$ROOT" --exclude=./target --exclude=./site --exclude=./.vagrant \
			--exclude='*.ko' --exclude='*.o' -f - . | tar -x -C "$root/vagrant" -f - ||
			die "copying the repo to $root/vagrant failed"
	fi
	in_root "$root" useradd -m -s /bin/bash vagrant >>"$log" 2>&1 ||
		die "creating user vagrant in the root failed: see $log"
	echo 'vagrant ALL=(ALL) NOPASSWD: ALL' >"$root/etc/sudoers.d/vagrant"
	chmod 0440 "$root/etc/sudoers.d/vagrant"
	echo bookworm >"$root/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tbookworm\n' >"$root/etc/hosts"
	in_root "$root" chown -R vagrant:vagrant /vagrant
	# Trust the certificate authorities this machine adds (a TLS-inspecting
	# proxy's, say), as a box on this network would have to.
	if [ -n "$(ls -A /usr/local/share/ca-certificates 2>/dev/null)" ]; then
		cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
		in_root "$root" update-ca-certificates >>"$log" 2>&1 ||
			die "adding this machine's CA certificates to the root failed: see $log"
	fi

	rehearse_phase 4 "as vagrant in a chroot: ./workshop provision --kernel $boxkver (online)"
	CHROOT_MOUNTED=$root
	chroot_mount "$root"
	# sudo in the chroot sees this machine's host name; let it resolve.
	printf '127.0.1.1\t%s\n' "$(hostname)" >>"$root/etc/hosts"
	# A shell of user vagrant in the chroot, with a plain user's PATH, as
	# Vagrant's unprivileged shell provisioner has.
	as_vagrant=(chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin
		runuser -u vagrant -- /usr/bin/env HOME=/home/vagrant USER=vagrant LOGNAME=vagrant
		SHELL=/bin/bash LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin bash -c)
	rc=0
	"${as_vagrant[@]}" "cd /vagrant && ./workshop provision --kernel $boxkver" || rc=$?
	if [ $rc -eq 0 ]; then
		# Again, for the kernel the VM will boot, with no network at all (a
		# new, empty network namespace), as a learner's first 'vagrant up' of
		# the packaged box does.
		kver=$(root_kernel "$root")
		say "$REHEARSE_NAME: provisioning again (--kernel $kver), offline, to show it is idempotent"
		unshare --net "${as_vagrant[@]}" "cd /vagrant && ./workshop provision --kernel $kver" ||
			rc=100
	fi
	chroot_umount "$root"
	CHROOT_MOUNTED=""
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tbookworm\n' >"$root/etc/hosts"
	[ $rc -ne 100 ] || die "provisioning again without a network failed: it must find everything in place; see the lines above"
	[ $rc -eq 0 ] || die "provisioning failed in the chroot (exit $rc): see the lines above and $root/vagrant/target/workshop/"

	kver=$(root_kernel "$root")
	[ "$kver" = "$boxkver" ] ||
		say "$REHEARSE_NAME: provisioning installed kernel $kver (the mirror dropped $boxkver's headers): booting it, as 'vagrant reload' would"
	[ -d "$root/lib/modules/$kver/build" ] ||
		die "after provisioning, kernel $kver still has no headers in $root: see $root/vagrant/target/workshop/apt-install.log"
	REHEARSE_ROOT=$root REHEARSE_KVER=$kver
}

# cmd_rehearse [--vagrant]: what 'vagrant up' and a learner's first run do,
# on a real Debian 12 root booted in the embedded VM, or (--vagrant) in the
# box the kit builds, booted by Vagrant; see docs/en/instructors.md.
cmd_rehearse() {
	local root kver script rc=0 out missing
	case ${1:-} in
	"") ;;
	--vagrant)
		[ $# -eq 1 ] || die "rehearse --vagrant takes no other arguments: '$PROG rehearse --vagrant'"
		rehearse_vagrant
		return
		;;
	*) die "unknown option '$1' for rehearse: usage '$PROG rehearse [--vagrant]'" ;;
	esac
	[ "$(id -u)" -eq 0 ] ||
		die "rehearse needs root (debootstrap, chroot, mounts): run 'sudo $PROG rehearse'"
	rehearse_begin rehearse 7
	# vagrant-libvirt gives 'vagrant validate' a provider to check against.
	ensure_pkgs "rehearsal" debootstrap vagrant vagrant-libvirt qemu-system-x86 \
		busybox-static cpio

	rehearse_phase 0 "vagrant validate (the Vagrantfile; no box needed)"
	(cd "$ROOT" && vagrant validate) >>"$REHEARSE_LOG" 2>&1 || {
		tail -5 "$REHEARSE_LOG" >&2
		die "vagrant validate rejects the Vagrantfile: fix it (details in $REHEARSE_LOG)"
	}
	rehearse_root
	root=$REHEARSE_ROOT kver=$REHEARSE_KVER
	out=$REHEARSE_CACHE/run.out

	rehearse_phase 5 "booting the root's own kernel $kver in the embedded VM, root read-write, no network"
	rehearse_phase 6 "as vagrant: cd /vagrant && ./workshop run 10 --here (offline; provision built the kit, as it does in the box)"
	script=$(mktemp -p "$WS_TMP")
	cat >"$script" <<'EOF'
echo bookworm >/proc/sys/kernel/hostname
exec runuser -u vagrant -- env -i HOME=/home/vagrant USER=vagrant LOGNAME=vagrant \
	SHELL=/bin/bash LANG=C.UTF-8 TERM=dumb PATH=/usr/local/bin:/usr/bin:/bin \
	WORKSHOP_OFFLINE=1 \
	bash -c 'cd /vagrant && ./workshop run 10 --here'
EOF
	rc=0
	local VM_SYSROOT=$root VM_RW=1
	# no_timer_check: on a busy host, TCG can be too slow for the kernel's
	# IO-APIC timer check, which then panics at boot. One vCPU, whatever
	# WORKSHOP_VM_CPUS says: a JVM once died of SIGSEGV in JIT-compiled code
	# under two-vCPU (multi-threaded) TCG.
	WORKSHOP_VM_TIMEOUT=${WORKSHOP_VM_TIMEOUT:-1800} VM_CPUS=1 \
		WORKSHOP_VM_APPEND="${WORKSHOP_VM_APPEND:-} no_timer_check" vm_run "$kver" "$script" \
		> >(tee "$out") || rc=$?
	wait $! 2>/dev/null || true

	rehearse_phase 7 "checking the learner's output"
	missing=$(expected_output "$ROOT/steps/step10-user-receive/expected-output.txt" "$out") ||
		die "rehearsal failed: stage 10's output lacks the expected line '$missing' (exit $rc); see $out and $VM_RUN/console.log"
	[ $rc -eq 0 ] ||
		die "rehearsal failed: './workshop run 10 --here' exited $rc in the VM; see $out"
	say "rehearse: passed in $((SECONDS - REHEARSE_START)) s (kernel $kver; root kept in $root)"
}

# The kit-built Vagrant box: its name, and where './workshop box' writes it.
BOX_NAME=netlink-workshop
BOX_DIR=$CACHE/box

# need_tools GROUP TOOL:PACKAGE...: installs the Debian packages of the tools
# that are missing (with apt), then names each tool still missing, one line
# each, and stops.
need_tools() {
	local what=$1 t missing=() pkgs=() bad=0
	shift
	for t in "$@"; do
		command -v "${t%%:*}" >/dev/null || { missing+=("$t"); pkgs+=("${t#*:}"); }
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if command -v apt-get >/dev/null; then
		ensure_pkgs "$what" $(printf '%s\n' "${pkgs[@]}" | sort -u)
	fi
	for t in "${missing[@]}"; do
		command -v "${t%%:*}" >/dev/null && continue
		printf "workshop: %s is missing: install Debian's %s package (apt-get install %s)\n" \
			"${t%%:*}" "${t#*:}" "${t#*:}" >&2
		bad=1
	done
	[ $bad -eq 0 ] || exit 1
}

# The tools './workshop box' uses.
BOX_TOOLS=(debootstrap:debootstrap chroot:coreutils unshare:util-linux flock:util-linux
	mkfs.ext4:e2fsprogs qemu-img:qemu-utils tar:tar sha256sum:coreutils vagrant:vagrant)

# vagrant_insecure_key: the file of Vagrant's insecure public key, which
# Vagrant's own gem ships (Debian's package, or HashiCorp's /opt/vagrant).
vagrant_insecure_key() {
	local key
	key=$(ls /usr/share/rubygems-integration/all/gems/vagrant-*/keys/vagrant.pub \
		/opt/vagrant/embedded/gems/*/gems/vagrant-*/keys/vagrant.pub \
		/opt/vagrant/embedded/gems/gems/vagrant-*/keys/vagrant.pub 2>/dev/null | sort -V | tail -1)
	[ -n "$key" ] ||
		die "Vagrant's insecure public key (keys/vagrant.pub in the vagrant gem) is not here: install Debian's vagrant package (apt-get install vagrant)"
	echo "$key"
}

# box_make ROOT KVER N: phases N to N+2, the box for the libvirt provider made
# from the provisioned ROOT (which it changes: sshd, networking, the key).
# Sets BOX_FILE (the .box) and BOX_JSON (the version file to 'vagrant box add').
box_make() {
	local root=$1 kver=$2 n=$3 log=$REHEARSE_LOG key work raw size used sha version
	key=$(vagrant_insecure_key)
	rehearse_phase "$n" "the box's system: sshd, rsync, systemd-networkd (DHCP), user vagrant with Vagrant's insecure key, Debian's initramfs"
	CHROOT_MOUNTED=$root
	chroot_mount "$root"
	{ in_root "$root" apt-get install -y -qq --no-install-recommends openssh-server rsync dbus &&
		if [ -e "$root/boot/initrd.img-$kver" ]; then
			in_root "$root" update-initramfs -u -k "$kver"
		else
			in_root "$root" update-initramfs -c -k "$kver"
		fi; } >>"$log" 2>&1 || {
		chroot_umount "$root"
		tail -3 "$log" >&2
		die "installing sshd, rsync and the initramfs into the box's root failed: check the network to the Debian mirror; see $log"
	}
	chroot_umount "$root"
	CHROOT_MOUNTED=""
	# Each VM makes its own host keys and machine id on its first boot.
	rm -f "$root"/etc/ssh/ssh_host_*
	cat >"$root/etc/systemd/system/ssh-hostkeys.service" <<'EOF'
[Unit]
Description=SSH host keys of this VM, made on its first boot
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
RequiredBy=ssh.service
EOF
	: >"$root/etc/machine-id"
	rm -f "$root/var/lib/dbus/machine-id"
	cat >"$root/etc/systemd/network/50-dhcp.network" <<'EOF'
[Match]
Name=eth*

[Network]
DHCP=yes
EOF
	echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >"$root/etc/fstab"
	# No host's name servers: the classroom network, if any, gives its own.
	: >"$root/etc/resolv.conf"
	# The box is provisioned already: Maven never needs the network.
	echo 'export WORKSHOP_OFFLINE=1' >"$root/etc/profile.d/netlink-workshop.sh"
	install -d -m 700 "$root/home/vagrant/.ssh"
	install -m 600 "$key" "$root/home/vagrant/.ssh/authorized_keys"
	in_root "$root" chown -R vagrant:vagrant /home/vagrant/.ssh
	in_root "$root" systemctl enable ssh.service ssh-hostkeys.service systemd-networkd.service \
		>>"$log" 2>&1 || die "enabling sshd and systemd-networkd in the box's root failed: see $log"

	work=$REHEARSE_CACHE/box-work
	rm -rf "$work" "$BOX_DIR"
	mkdir -p "$work" "$BOX_DIR/$BOX_NAME"
	raw=$work/disk.raw
	# The disk: what the root holds, and 4 GiB for the learner's builds.
	used=$(du -sx --block-size=1G "$root" | cut -f1)
	size=$((used + 4))
	[ "$size" -ge 8 ] || size=8
	rehearse_phase $((n + 1)) "the disk: mkfs.ext4 -d (${size} GiB, ${used} GiB used), qemu-img convert -O qcow2"
	truncate -s "${size}G" "$raw"
	mkfs.ext4 -q -F -L netlink-workshop -d "$root" "$raw" >>"$log" 2>&1 ||
		die "mkfs.ext4 -d could not copy the root into a disk image: see $log"
	qemu-img convert -O qcow2 "$raw" "$BOX_DIR/$BOX_NAME/box.img" >>"$log" 2>&1 ||
		die "qemu-img convert to qcow2 failed: see $log"
	rm -f "$raw"
	cp "$root/boot/vmlinuz-$kver" "$BOX_DIR/$BOX_NAME/vmlinuz"
	cp "$root/boot/initrd.img-$kver" "$BOX_DIR/$BOX_NAME/initrd.img"

	rehearse_phase $((n + 2)) "the box file: metadata.json, the box's Vagrantfile, $BOX_NAME.box, its sha256"
	printf '{"provider": "libvirt", "format": "qcow2", "virtual_size": %s}\n' "$size" \
		>"$BOX_DIR/$BOX_NAME/metadata.json"
	cat >"$BOX_DIR/$BOX_NAME/Vagrantfile" <<'EOF'
# The Netlink Workshop box (libvirt): Debian 12, provisioned, the kit in
# /vagrant. Its disk has no boot loader: libvirt boots the box's own kernel
# and initramfs, which lie beside this file.
Vagrant.configure("2") do |config|
  config.vm.provider :libvirt do |lv|
    lv.kernel = File.join(File.dirname(__FILE__), "vmlinuz")
    lv.initrd = File.join(File.dirname(__FILE__), "initrd.img")
    lv.cmd_line = "root=/dev/vda rw console=ttyS0 net.ifnames=0"
    lv.disk_bus = "virtio"
  end
end
EOF
	BOX_FILE=$BOX_DIR/$BOX_NAME.box
	BOX_JSON=$BOX_DIR/$BOX_NAME.json
	tar -c -f "$BOX_FILE" -C "$BOX_DIR/$BOX_NAME" metadata.json Vagrantfile box.img vmlinuz initrd.img ||
		die "writing $BOX_FILE failed (disk full?)"
	sha=$(sha256sum "$BOX_FILE" | cut -d' ' -f1)
	version=$(date -u +%Y%m%d.%H%M%S)
	cat >"$BOX_JSON" <<EOF
{
  "name": "$BOX_NAME",
  "description": "Netlink Workshop classroom VM: Debian 12, kernel $kver, provisioned, the kit in /vagrant",
  "versions": [
    {
      "version": "$version",
      "providers": [
        {
          "name": "libvirt",
          "url": "file://$BOX_FILE",
          "checksum_type": "sha256",
          "checksum": "$sha"
        }
      ]
    }
  ]
}
EOF
	rm -rf "$work"
}

# cmd_box: builds the Vagrant box (libvirt) from the rehearsal's provisioned
# Debian 12 root; see docs/en/instructors.md.
cmd_box() {
	[ $# -eq 0 ] || die "box takes no arguments: '$PROG box'"
	[ "$(id -u)" -eq 0 ] ||
		die "box needs root (debootstrap, chroot, mkfs.ext4 -d of a root's files): run 'sudo $PROG box'"
	rehearse_begin box 7
	rehearse_phase 0 "the tools: debootstrap, mkfs.ext4, qemu-img, Vagrant's insecure key"
	need_tools "box" "${BOX_TOOLS[@]}"
	rehearse_root
	box_make "$REHEARSE_ROOT" "$REHEARSE_KVER" 5
	rehearse_times
	# Under sudo, the box is the user's: 'vagrant box add' runs as that user.
	[ -z "${SUDO_UID:-}" ] || chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$BOX_DIR"
	say "box: done in $((SECONDS - REHEARSE_START)) s: $BOX_FILE ($(du -h "$BOX_FILE" | cut -f1), kernel $REHEARSE_KVER)"
	say "box: add it to Vagrant with: vagrant box add $BOX_JSON"
	say "box: then, in the kit's folder: vagrant up --provider=libvirt (the Vagrantfile picks $BOX_NAME once it is added)"
}

# The network namespace of a Vagrant rehearsal, and what runs in it.
VG_NS="" VG_UP="" VG_BOX_ADDED="" VG_POOL=netlink-workshop-rehearsal

# vg ARGS...: vagrant, inside the rehearsal's network namespace, with the
# rehearsal's own Vagrant home, machine folder and libvirt settings.
vg() {
	ip netns exec "$VG_NS" env VAGRANT_HOME="$REHEARSE_CACHE/vagrant-home" \
		VAGRANT_DOTFILE_PATH="$REHEARSE_CACHE/vagrant-machine" VAGRANT_CWD="$ROOT" \
		VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_NO_COLOR=1 \
		WORKSHOP_BOX="$BOX_NAME" WORKSHOP_BOX_NETWORK=isolated WORKSHOP_BOX_POOL="$VG_POOL" \
		WORKSHOP_BOX_CPUS=1 vagrant "$@"
}

# vg_virsh ARGS...: virsh on the rehearsal's libvirtd.
vg_virsh() {
	ip netns exec "$VG_NS" virsh -q -c qemu:///system "$@"
}

# vg_ns_up: a network namespace of the rehearsal's own, with virtlogd,
# libvirtd and a storage pool in it. No libvirt network, bridge or VM address
# ever exists in this machine's own namespace.
vg_ns_up() {
	local run=$REHEARSE_CACHE/libvirt i=0
	pidof libvirtd >/dev/null &&
		die "a libvirtd runs on this machine already: the rehearsal runs its own in a network namespace; stop that one first (or rehearse on another machine)"
	mkdir -p "$run" "$REHEARSE_CACHE/libvirt-pool"
	VG_NS=nlws-rehearse-$$
	ip netns add "$VG_NS" || die "ip netns add $VG_NS failed: the rehearsal needs network namespaces (root, iproute2)"
	ip netns exec "$VG_NS" ip link set lo up
	ip netns exec "$VG_NS" virtlogd -d -p "$run/virtlogd.pid" ||
		die "virtlogd did not start in the namespace $VG_NS: see the lines above"
	ip netns exec "$VG_NS" libvirtd -d -p "$run/libvirtd.pid" ||
		die "libvirtd did not start in the namespace $VG_NS: see the lines above"
	until vg_virsh version >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 300 ] || die "libvirtd did not answer within 30 s: see /var/log/libvirt/libvirtd.log"
		sleep 0.1
	done
	vg_virsh pool-info "$VG_POOL" >/dev/null 2>&1 ||
		vg_virsh pool-define-as "$VG_POOL" dir --target "$REHEARSE_CACHE/libvirt-pool" >>"$REHEARSE_LOG" 2>&1 ||
		die "defining the storage pool $VG_POOL failed: see $REHEARSE_LOG"
	vg_virsh pool-start "$VG_POOL" >>"$REHEARSE_LOG" 2>&1 || true
	# (grep reads it all: a pipe closed early would fail under pipefail.)
	grep -q 'State: *running' <<<"$(vg_virsh pool-info "$VG_POOL" 2>/dev/null)" ||
		die "the storage pool $VG_POOL in $REHEARSE_CACHE/libvirt-pool did not start: see $REHEARSE_LOG"
}

# vg_stop_pid FILE: stops the daemon whose pid FILE holds, and waits (10 s at
# most) until it is gone.
vg_stop_pid() {
	local pid i=0
	pid=$(cat "$1" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$1"
}

# vg_cleanup: the rehearsal's VM, box, pool, networks, daemons and namespace
# go, whether it passed or not.
vg_cleanup() {
	local id net run=$REHEARSE_CACHE/libvirt
	[ -n "$VG_NS" ] || return 0
	if vg_virsh version >/dev/null 2>&1; then
		[ -z "$VG_UP" ] || vg destroy -f >>"$REHEARSE_LOG" 2>&1 || true
		for id in $(cat "$REHEARSE_CACHE"/vagrant-machine/machines/*/libvirt/id 2>/dev/null); do
			vg_virsh destroy "$id" >/dev/null 2>&1 || true
			vg_virsh undefine "$id" >/dev/null 2>&1 || true
		done
		[ -z "$VG_BOX_ADDED" ] || vg box remove --force --all "$BOX_NAME" >>"$REHEARSE_LOG" 2>&1 || true
		for net in $(vg_virsh net-list --all --name 2>/dev/null); do
			vg_virsh net-destroy "$net" >/dev/null 2>&1 || true
			[ "$net" != default ] || continue
			vg_virsh net-undefine "$net" >/dev/null 2>&1 || true
		done
		vg_virsh pool-destroy "$VG_POOL" >/dev/null 2>&1 || true
		vg_virsh pool-undefine "$VG_POOL" >/dev/null 2>&1 || true
	fi
	vg_stop_pid "$run/libvirtd.pid"
	vg_stop_pid "$run/virtlogd.pid"
	rm -rf "$REHEARSE_CACHE/libvirt-pool" "$REHEARSE_CACHE/vagrant-machine"
	ip netns del "$VG_NS" 2>/dev/null || true
	VG_NS=""
}

# expected_output EXPECTED FILE: every line of EXPECTED appears in FILE, in
# order, as a whole line; <name> stands for any text (as ExpectedOutput does).
# Prints the first line that does not.
expected_output() {
	awk 'NR == FNR {
		line = $0
		sub(/[ \t\r]+$/, "", line)
		if (line == "") next
		text[++n] = line
		gsub(/[\\^$.[\]|()*+?{}]/, "\\\\&", line)
		gsub(/<[a-z][a-z -]*>/, ".+", line)
		want[n] = "^" line "$"
		next
	}
	{
		sub(/[ \t\r]+$/, "")
		if (at < n && $0 ~ want[at + 1]) at++
	}
	END {
		if (at < n) { print text[at + 1]; exit 1 }
	}' "$1" "$2"
}

# vg_up_timed: vagrant up --provider=libvirt, each line of its output in the
# log with the seconds since it began, and the milestones on the terminal.
vg_up_timed() {
	local t0=$SECONDS line
	vg up --provider=libvirt 2>&1 | stdbuf -oL tr '\r' '\n' | grep --line-buffered -av 'Progress:' |
		while IFS= read -r line; do
			printf '[+%d s] %s\n' $((SECONDS - t0)) "$line" >>"$REHEARSE_LOG"
			case $line in
			*"Netlink Workshop: "* | *"Uploading base box"* | *"Starting domain"* | *"SSH address"* | \
				*"Machine booted"* | *"Rsyncing folder"* | *[Ee]rror*)
				say "vagrant up [+$((SECONDS - t0)) s]: ${line#==> default: }"
				;;
			esac
		done || true
}

# rehearse_vagrant: the instructor's whole path on this machine: the box, then
# Vagrant (vagrant-libvirt) boots it and stage 10 runs in it.
rehearse_vagrant() {
	local out rc=0 missing
	[ "$(id -u)" -eq 0 ] ||
		die "rehearse --vagrant needs root (debootstrap, network namespaces, libvirtd): run 'sudo $PROG rehearse --vagrant'"
	rehearse_begin rehearse-vagrant 12
	out=$REHEARSE_CACHE/vagrant-run.out
	trap 'vg_cleanup; on_exit' EXIT
	rehearse_phase 0 "the tools (Vagrant, vagrant-libvirt, libvirt, qemu, debootstrap) and vagrant validate"
	need_tools "rehearsal" "${BOX_TOOLS[@]}" libvirtd:libvirt-daemon-system virsh:libvirt-clients \
		dnsmasq:dnsmasq-base qemu-system-x86_64:qemu-system-x86 rsync:rsync ip:iproute2 \
		busybox:busybox-static cpio:cpio
	ensure_pkgs "rehearsal" vagrant-libvirt libvirt-daemon-driver-qemu
	(cd "$ROOT" && WORKSHOP_BOX=$BOX_NAME vagrant validate) >>"$REHEARSE_LOG" 2>&1 || {
		tail -5 "$REHEARSE_LOG" >&2
		die "vagrant validate rejects the Vagrantfile: fix it (details in $REHEARSE_LOG)"
	}
	rehearse_root
	box_make "$REHEARSE_ROOT" "$REHEARSE_KVER" 5

	rehearse_phase 8 "a network namespace of its own: virtlogd, libvirtd, a storage pool; and whether KVM works"
	vg_ns_up
	# The Vagrantfile reads what the kit found out about KVM; find it out now.
	if [ "$(pick_accel)" = kvm ] && [ -z "${WORKSHOP_BOX_DRIVER:-}" ]; then
		local probe
		probe=$(mktemp -p "$WS_TMP")
		echo true >"$probe"
		vm_run "$(vm_kernel)" "$probe" >>"$REHEARSE_LOG" 2>&1 || true
	fi

	rehearse_phase 9 "vagrant box add $BOX_JSON"
	VG_BOX_ADDED=1
	vg box add --force "$BOX_JSON" >>"$REHEARSE_LOG" 2>&1 || {
		tail -5 "$REHEARSE_LOG" >&2
		die "vagrant box add failed: see $REHEARSE_LOG"
	}

	rehearse_phase 10 "vagrant up --provider=libvirt (libvirtd and the VM in namespace $VG_NS)"
	VG_UP=1
	vg_up_timed
	vg ssh -c true >>"$REHEARSE_LOG" 2>&1 || {
		tail -15 "$REHEARSE_LOG" >&2
		die "vagrant up did not give a VM that 'vagrant ssh' reaches: see $REHEARSE_LOG and /var/log/libvirt/qemu/"
	}

	rehearse_phase 11 "vagrant ssh -c 'cd /vagrant && ./workshop run 10 --here'"
	rc=0
	vg ssh -c 'cd /vagrant && ./workshop run 10 --here' 2>&1 | tee "$out" || rc=$?

	rehearse_phase 12 "vagrant destroy -f, vagrant box remove, the namespace and its daemons"
	vg destroy -f >>"$REHEARSE_LOG" 2>&1 || die "vagrant destroy -f failed: see $REHEARSE_LOG"
	VG_UP=""
	vg box remove --force --all "$BOX_NAME" >>"$REHEARSE_LOG" 2>&1 ||
		die "vagrant box remove $BOX_NAME failed: see $REHEARSE_LOG"
	VG_BOX_ADDED=""
	vg_cleanup
	! grep -qE 'virbr|vnet' <<<"$(ip link)" ||
		die "a libvirt bridge or VM interface is in this machine's own namespace: see 'ip link'"

	missing=$(expected_output "$ROOT/steps/step10-user-receive/expected-output.txt" "$out") ||
		die "rehearsal failed: stage 10's output in the Vagrant VM lacks the expected line '$missing' (exit $rc); see $out"
	[ "$rc" -eq 0 ] ||
		die "rehearsal failed: './workshop run 10 --here' exited $rc in the Vagrant VM; see $out"
	rehearse_times
	say "rehearse --vagrant: passed in $((SECONDS - REHEARSE_START)) s: stage 10's expected output, from inside the Vagrant VM (box $BOX_FILE kept)"
}
