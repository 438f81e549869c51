# shellcheck shell=bash
# tools/classroom.sh - the classroom VM: provision (inside it) and rehearse (a Debian 12 root in the embedded VM).
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

# rehearse_phase N TEXT: one progress line per rehearsal phase, with the time so far.
rehearse_phase() {
	say "rehearse $1/7 [$((SECONDS - REHEARSE_START)) s]: $2"
}

# cmd_rehearse: what 'vagrant up' and a learner's first run do, on a real
# Debian 12 root booted in the embedded VM; see docs/en/instructors.md.
cmd_rehearse() {
	local suite=bookworm base root mirror security kver boxkver log script rc=0 as_vagrant
	[ $# -eq 0 ] || die "rehearse takes no arguments: '$PROG rehearse'"
	[ "$(id -u)" -eq 0 ] ||
		die "rehearse needs root (debootstrap, chroot, mounts): run 'sudo $PROG rehearse'"
	REHEARSE_CACHE=${WORKSHOP_REHEARSE_CACHE:-/var/cache/netlink-workshop}
	REHEARSE_START=$SECONDS
	base=$REHEARSE_CACHE/$suite-base
	root=$REHEARSE_CACHE/$suite-root
	log=$REHEARSE_CACHE/rehearse.log
	mkdir -p "$REHEARSE_CACHE" "$CACHE/vm"
	# One rehearsal at a time per cache: they would share the roots.
	exec 9>"$REHEARSE_CACHE/lock"
	flock -n 9 ||
		die "another rehearsal is using $REHEARSE_CACHE: wait for it to end (or set WORKSHOP_REHEARSE_CACHE)"
	: >"$log"
	# vagrant-libvirt gives 'vagrant validate' a provider to check against.
	ensure_pkgs "rehearsal" debootstrap vagrant vagrant-libvirt qemu-system-x86 \
		busybox-static cpio

	rehearse_phase 0 "vagrant validate (the Vagrantfile; no box needed)"
	(cd "$ROOT" && vagrant validate) >>"$log" 2>&1 || {
		tail -5 "$log" >&2
		die "vagrant validate rejects the Vagrantfile: fix it (details in $log)"
	}

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
		# INITRD=No: the embedded VM brings its own initramfs, so skip making one.
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
		say "rehearse: root ready with kernel $(root_kernel "$base")"
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
		say "rehearse: provisioning again (--kernel $kver), offline, to show it is idempotent"
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
		say "rehearse: provisioning installed kernel $kver (the mirror dropped $boxkver's headers): booting it, as 'vagrant reload' would"
	[ -d "$root/lib/modules/$kver/build" ] ||
		die "after provisioning, kernel $kver still has no headers in $root: see $root/vagrant/target/workshop/apt-install.log"

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
		> >(tee "$REHEARSE_CACHE/run.out") || rc=$?
	wait $! 2>/dev/null || true

	rehearse_phase 7 "checking the learner's output"
	grep -q 'Hello Userspace' "$REHEARSE_CACHE/run.out" ||
		die "rehearsal failed: no 'Hello Userspace' from stage 10 (exit $rc); see $REHEARSE_CACHE/run.out and $VM_RUN/console.log"
	grep -q '^nlws: received "Hello Kernel" from port' "$REHEARSE_CACHE/run.out" ||
		die "rehearsal failed: the module's kernel log lines are missing (exit $rc); see $REHEARSE_CACHE/run.out"
	[ $rc -eq 0 ] ||
		die "rehearsal failed: './workshop run 10 --here' exited $rc in the VM; see $REHEARSE_CACHE/run.out"
	say "rehearse: passed in $((SECONDS - REHEARSE_START)) s (kernel $kver; root kept in $root)"
}

