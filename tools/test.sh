# shellcheck shell=bash
# tools/test.sh - every test: kernel builds and checks, Maven verify (unit,
# host and VM tests, the exercises, the lesson site in Chromium).
# Sourced by ./workshop; uses its say, die and settings.

cmd_test() {
	local kver n fast="" start=$SECONDS mvn_args=() rc
	while [ $# -gt 0 ]; do
		case $1 in
		--fast) fast=yes ;;
		*) die "unknown option '$1' for test: '$PROG test [--fast]'" ;;
		esac
		shift
	done
	cmd_setup
	kver=$(vm_kernel)
	say "test: building every kernel stage for $kver (W=1, no warnings allowed)"
	for n in "${STAGE_LIST[@]}"; do
		build_module "$n" "$kver"
	done
	checkpatch_all
	sparse_all "$kver"
	# Before Maven: conformance/DocsIT opens the built site in Chromium.
	docs_build
	if [ -n "$fast" ]; then
		# JUnit's tag "vm" marks every test that boots the embedded VM.
		mvn_args=(-DexcludedGroups=vm)
		say "test: Maven verify without the VM tests (--fast: unit tests, this kernel, the lesson site)"
	else
		say "test: Maven verify (unit tests, this kernel, VM tests, exercises, the lesson site)"
	fi
	# The suite's VM tests boot a VM each (pom.xml: WORKSHOP_VM_WARM=0);
	# WarmVmIT's and ExercisesIT's warm VMs go when Maven ends, whatever the
	# outcome.
	rc=0
	(cd "$ROOT" && mvn -B ${WORKSHOP_OFFLINE:+-o} ${WORKSHOP_MVN_OPTS:-} "${mvn_args[@]}" verify) || rc=$?
	vm_warm_stop 2>/dev/null
	[ $rc -eq 0 ] || die "tests failed: see the Maven output above (the first FAILURE or ERROR names the test)"
	say "test: all passed in $((SECONDS - start)) s${fast:+ (--fast: the VM tests did not run)}"
}
