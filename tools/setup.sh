# shellcheck shell=bash
# tools/setup.sh - installing what the kit needs, and picking the VM's kernel.
# Sourced by ./workshop; uses its say, die and settings.

# Debian packages setup installs (the lesson site's are in docs.sh, the
# bench's in bench.sh). The guest runs the host's programs (it mounts the
# host's root): Part 2's tests run ip, ss, genl, setpriv, strace and tcpdump
# in it (chapters 12-15).
PKGS_CORE=(qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static
	build-essential kmod cpio sparse iproute2 util-linux strace tcpdump)
PKGS_JAVA=(openjdk-17-jdk-headless maven)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		die "not root and no sudo: run '$PROG setup' as root once"
	fi
}

# missing_pkgs PKG...: the packages that are not installed, one a line (one
# dpkg-query for all: every command the learner types runs this).
missing_pkgs() {
	local installed p
	installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
		sed -n 's/^\([^ ]*\) ii *$/\1/p' || true)
	for p in "$@"; do
		[[ $'\n'$installed$'\n' == *$'\n'"$p"$'\n'* ]] || printf '%s\n' "$p"
	done
}

# dpkg_repair: an interrupted dpkg (a killed apt-get, a full disk) leaves
# packages half-installed, which dpkg --audit lists, and apt-get refuses to
# install anything until 'dpkg --configure -a' has finished that work. As
# root, setup finishes it; as a user, it names the command to run with sudo.
dpkg_repair() {
	local audit log=$CACHE/dpkg-configure.log
	audit=$(dpkg --audit 2>/dev/null || true)
	[ -z "$audit" ] && return 0
	[ "$(id -u)" -eq 0 ] ||
		die "dpkg was interrupted (dpkg --audit lists unfinished packages), so apt-get cannot install: run 'sudo dpkg --configure -a', then '$PROG setup' again"
	say "setup: dpkg was interrupted (dpkg --audit lists unfinished packages): finishing with dpkg --configure -a first"
	mkdir -p "$CACHE"
	DEBIAN_FRONTEND=noninteractive dpkg --configure -a >"$log" 2>&1 ||
		die "dpkg --configure -a failed, so apt-get cannot install: see $log (and 'dpkg --audit')"
}

# ensure_pkgs GROUP-NAME PKG...: installs what is missing, one line per phase.
ensure_pkgs() {
	local what=$1 missing
	shift
	missing=$(missing_pkgs "$@")
	[ -z "$missing" ] && return 0
	command -v apt-get >/dev/null ||
		die "cannot install $what packages: no apt-get here; install: $(echo $missing)"
	dpkg_repair
	if [ ! -e "$CACHE/apt-updated" ]; then
		say "setup: refreshing the package lists (apt-get update)"
		as_root apt-get update -qq >/dev/null ||
			die "apt-get update failed: check the network or /etc/apt/sources.list"
		mkdir -p "$CACHE" && touch "$CACHE/apt-updated"
	fi
	say "setup: installing $what packages: $(echo $missing) (can take minutes)"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >"$CACHE/apt-install.log" 2>&1 ||
		die "installing $(echo $missing) failed: see $CACHE/apt-install.log"
}

ensure_java() {
	local v
	if ! command -v java >/dev/null || ! command -v javac >/dev/null ||
		! command -v mvn >/dev/null; then
		ensure_pkgs "JDK and Maven" "${PKGS_JAVA[@]}"
	fi
	# One JVM start for both the version check and cmd_setup's line, kept
	# while the same java is on PATH (a JVM start costs about half a second).
	java_settings
	v=$(printf '%s\n' "$JAVA_SETTINGS" | sed -n 's/^ *java.specification.version = //p')
	[ "${v%%.*}" -ge 17 ] 2>/dev/null ||
		die "java $v is too old: the kit needs Java 17 or newer (set JAVA_HOME)"
}

# java_settings: JAVA_SETTINGS, java -XshowSettings:properties of the java on
# PATH, from $CACHE/java-settings when that was made for the same java file.
java_settings() {
	local java key cache=$CACHE/java-settings
	java=$(readlink -f "$(command -v java)")
	key="$java $(stat -c %Y "$java")"
	if [ -e "$cache" ] && [ "$(head -1 "$cache")" = "$key" ]; then
		JAVA_SETTINGS=$(tail -n +2 "$cache")
		return 0
	fi
	JAVA_SETTINGS=$(java -XshowSettings:properties -version 2>&1)
	mkdir -p "$CACHE"
	printf '%s\n%s\n' "$key" "$JAVA_SETTINGS" >"$cache.$$" && mv "$cache.$$" "$cache"
}

cmd_setup() {
	mkdir -p "$CACHE"
	ensure_pkgs "VM and build" "${PKGS_CORE[@]}"
	ensure_java
	say "setup: done ($(vm_kernel) for the VM, $(printf '%s\n' "$JAVA_SETTINGS" | grep -m1 ' version '))"
}

# ---------------------------------------------------------------- kernels

# The newest installed kernel whose headers are installed too.
vm_kernel() {
	local v
	for v in $(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -rV); do
		if [ -d "/lib/modules/$v/build" ]; then
			echo "$v"
			return 0
		fi
	done
	die "no kernel with matching headers in /boot: run '$PROG setup'"
}
