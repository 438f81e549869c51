# shellcheck shell=bash
# tools/globals.sh - the launcher's shared variables: every one that more
# than one of its files sets or reads is declared here, once, with what it
# holds (LauncherTest checks), and so are vm_run's settings (VM_*). Sourced
# first by ./workshop, which sets ROOT (the repository) before. The settings
# a learner gives (WORKSHOP_*) are in './workshop help'; a variable only one
# file uses is declared in that file.
# shellcheck disable=SC2034 # the other files of the launcher read them

# Where builds, logs, the initramfs and the VM runs are kept (WORKSHOP_CACHE).
CACHE=${WORKSHOP_CACHE:-$ROOT/target/workshop}
# How messages name the launcher, in the commands they suggest.
PROG=./workshop
# The learner's workspace, exercise's and check's files (WORKSHOP_WORK).
WORK=$(realpath -m "${WORKSHOP_WORK:-$ROOT/work}")
# This run's temporary folder, made by ./workshop and removed when it ends.
WS_TMP=""
# The running guest's qemu, which ./workshop stops when it ends (vm.sh sets it).
QEMU_PID=""
# The root whose chroot mounts ./workshop undoes when it ends (a rehearsal's).
CHROOT_MOUNTED=""
# The stage table (tools/stages.tsv): each stage N's kernel folder, Maven
# module folder, main class, whether its module unloads; and the stage numbers.
KERNEL_DIRS=() STEP_DIRS=() MAINS=() UNLOADS=() STAGE_LIST=()
# The compiler's log of the kernel module build_dir built last, for check's hints.
BUILD_LOG=""
# javac's log of the learner's Java files build_work_java compiled last.
JAVAC_LOG=""
# Set (BUILD_QUIET=1 build_dir ...): a build that fails returns 1 instead of dying (check).
BUILD_QUIET=""
# The class-data flags java_cmd adds to a stage's JVM; cmd_run sets them (local) for the VM.
JAVA_CDS=()
# The folder of the last vm_run: console.log, dmesg, share/ (the guest's files).
VM_RUN=""
# Set: vm_run boots this root's kernel and runs its files instead of this machine's (rehearse).
VM_SYSROOT=""
# Set: the guest mounts VM_SYSROOT writable.
VM_RW=""
# vCPUs for vm_run, over WORKSHOP_VM_CPUS (the rehearsal uses 1).
VM_CPUS=""
# Set: vm_run gives the guest this terminal (./workshop shell).
VM_INTERACTIVE=""
# The accelerator vm_boot's guest runs under (kvm, or tcg after a fallback); the warm VM records it.
VM_ACCEL=""
# Set (VM_WARM=1 vm_boot ...): qemu runs on its own, as the warm VM, outliving this run.
VM_WARM=""
