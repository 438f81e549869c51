package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classroom box that {@code sudo ./workshop box} (or {@code rehearse --vagrant}) built, checked
 * without booting it: its metadata and Vagrantfile, and, read from its disk with debugfs, the vagrant
 * user's key and sudo rule, sshd and networking enabled, and the provisioned kit in /vagrant.
 *
 * <p>Building a box takes root and a provisioned Debian 12 root (minutes), so this test checks a box
 * that exists and is skipped when there is none; with {@code WORKSHOP_CI_CLASSROOM=1} (the CI path
 * that runs {@code rehearse --vagrant} first) a missing box is a failure.
 */
class BoxContentsTest {
    private static final String BOX = "netlink-workshop";
    private static Path boxDir;
    private static Path rawDisk;

    static Path boxes() {
        String cache = System.getenv("WORKSHOP_CACHE");
        Path base = cache == null || cache.isEmpty() ? Workshop.root().resolve("target/workshop") : Path.of(cache);
        return base.resolve("box");
    }

    @BeforeAll
    static void findTheBox() throws Exception {
        boxDir = boxes().resolve(BOX);
        boolean required = "1".equals(System.getenv("WORKSHOP_CI_CLASSROOM"));
        if (!Files.isRegularFile(boxDir.resolve("box.img"))) {
            if (required) {
                fail("WORKSHOP_CI_CLASSROOM=1 but no box in %s: run 'sudo ./workshop rehearse --vagrant' first", boxDir);
            }
            Assumptions.abort("no box in " + boxDir + ": 'sudo ./workshop box' builds one (minutes, as root)");
        }
        // debugfs reads an ext4 image, not qcow2: a raw copy, sparse, removed afterwards.
        rawDisk = Files.createTempFile(Workshop.root().resolve("conformance/target"), "box-disk", ".raw");
        Workshop.Result convert = Workshop.run(new ProcessBuilder("qemu-img", "convert", "-O", "raw",
                boxDir.resolve("box.img").toString(), rawDisk.toString()), 600);
        assertThat(convert.exitCode()).as("qemu-img convert of the box's disk: %s", convert).isZero();
    }

    @AfterAll
    static void removeTheRawCopy() throws IOException {
        if (rawDisk != null) {
            Files.deleteIfExists(rawDisk);
        }
    }

    /** What debugfs prints for one request on the box's disk. */
    private static String debugfs(String request) throws Exception {
        Workshop.Result r = Workshop.run(new ProcessBuilder("debugfs", "-R", request, rawDisk.toString()), 120);
        assertThat(r.exitCode()).as("debugfs -R '%s': %s", request, r).isZero();
        return r.stdout();
    }

    /** The inode of PATH in the box's disk, as debugfs's stat shows it. */
    private static String stat(String path) throws Exception {
        String out = debugfs("stat " + path);
        assertThat(out).as("%s exists in the box's disk", path).contains("Inode:");
        return out;
    }

    @Test
    void metadataNamesTheLibvirtProviderAQcow2DiskAndItsVirtualSize() throws Exception {
        String metadata = Files.readString(boxDir.resolve("metadata.json"));
        assertThat(metadata).contains("\"provider\": \"libvirt\"").contains("\"format\": \"qcow2\"");
        Matcher size = Pattern.compile("\"virtual_size\": (\\d+)").matcher(metadata);
        assertThat(size.find()).as("virtual_size in %s", metadata).isTrue();

        Workshop.Result info = Workshop.run(new ProcessBuilder("qemu-img", "info", "--output=json",
                boxDir.resolve("box.img").toString()), 60);
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.stdout()).contains("\"format\": \"qcow2\"")
                .contains("\"virtual-size\": " + Long.parseLong(size.group(1)) * (1L << 30) + ",");
    }

    @Test
    void theBoxVagrantfileBootsTheBoxKernelFromItsOwnFolder() throws Exception {
        String vagrantfile = Files.readString(boxDir.resolve("Vagrantfile"));
        assertThat(vagrantfile)
                .contains("lv.kernel = File.join(File.dirname(__FILE__), \"vmlinuz\")")
                .contains("lv.initrd = File.join(File.dirname(__FILE__), \"initrd.img\")")
                .contains("lv.cmd_line = \"root=/dev/vda rw console=ttyS0 net.ifnames=0\"");
        byte[] kernel = Files.readAllBytes(boxDir.resolve("vmlinuz"));
        assertThat(new String(kernel, 0x202, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .as("vmlinuz is a bzImage (\"HdrS\" at 0x202)").isEqualTo("HdrS");
        assertThat(Files.size(boxDir.resolve("initrd.img"))).as("initrd.img").isGreaterThan(1 << 20);
        // Debian's initramfs must be able to reach /dev/vda: virtio_blk in it.
        Workshop.Result modules = Workshop.run(new ProcessBuilder("lsinitramfs",
                boxDir.resolve("initrd.img").toString()), 120);
        assertThat(modules.exitCode()).as(modules.toString()).isZero();
        assertThat(modules.stdout()).contains("virtio_blk.ko").contains("ext4.ko");
    }

    @Test
    void theBoxFileAndItsVersionFileMatchTheBuiltFiles() throws Exception {
        Path boxFile = boxes().resolve(BOX + ".box");
        Workshop.Result list = Workshop.run(new ProcessBuilder("tar", "-tf", boxFile.toString()), 120);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout().lines().sorted().toList())
                .containsExactly("Vagrantfile", "box.img", "initrd.img", "metadata.json", "vmlinuz");

        String version = Files.readString(boxes().resolve(BOX + ".json"));
        assertThat(version).contains("\"name\": \"" + BOX + "\"").contains("\"name\": \"libvirt\"")
                .contains("\"url\": \"file://" + boxFile + "\"").contains("\"checksum_type\": \"sha256\"");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(boxFile)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
        }
        assertThat(version).contains("\"checksum\": \"" + HexFormat.of().formatHex(sha.digest()) + "\"");
    }

    @Test
    void theVagrantUserLogsInWithVagrantsInsecureKeyAndHasPasswordlessSudo() throws Exception {
        Path key;
        try (Stream<Path> gems = Files.list(Path.of("/usr/share/rubygems-integration/all/gems"))) {
            key = gems.filter(p -> p.getFileName().toString().matches("vagrant-\\d.*"))
                    .map(p -> p.resolve("keys/vagrant.pub")).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new AssertionError("no keys/vagrant.pub in Debian's vagrant gem: apt-get install vagrant"));
        }
        assertThat(debugfs("cat /home/vagrant/.ssh/authorized_keys")).isEqualTo(Files.readString(key));
        assertThat(stat("/home/vagrant/.ssh/authorized_keys")).contains("User:  1000").contains("Mode:  0600");
        assertThat(stat("/home/vagrant/.ssh")).contains("User:  1000").contains("Mode:  0700");
        assertThat(debugfs("cat /etc/passwd")).containsPattern("(?m)^vagrant:x:1000:1000:.*:/home/vagrant:/bin/bash$");
        assertThat(debugfs("cat /etc/sudoers.d/vagrant")).isEqualTo("vagrant ALL=(ALL) NOPASSWD: ALL\n");
    }

    @Test
    void sshdRsyncAndDhcpNetworkingAreThereAndEnabled() throws Exception {
        for (String unit : List.of("multi-user.target.wants/ssh.service",
                "multi-user.target.wants/systemd-networkd.service", "ssh.service.requires/ssh-hostkeys.service")) {
            assertThat(stat("/etc/systemd/system/" + unit)).as(unit).contains("Type: symlink");
        }
        stat("/usr/sbin/sshd");
        stat("/usr/bin/rsync");
        assertThat(debugfs("cat /etc/systemd/network/50-dhcp.network")).contains("Name=eth*").contains("DHCP=yes");
        assertThat(debugfs("cat /etc/fstab")).contains("/dev/vda / ext4");
        assertThat(debugfs("ls /etc/ssh")).as("no host keys shared by every VM").doesNotContain("ssh_host_");
    }

    @Test
    void vagrantHoldsTheKitProvisionedForTheBoxKernel() throws Exception {
        assertThat(debugfs("cat /vagrant/workshop")).startsWith("#!/usr/bin/env bash\n# workshop - the Netlink Workshop launcher.");
        assertThat(debugfs("cat /vagrant/steps/step10-user-receive/expected-output.txt"))
                .isEqualTo(Files.readString(Workshop.stepDir(10).resolve("expected-output.txt")));
        assertThat(stat("/vagrant/workshop")).contains("User:  1000");
        String kernel = debugfs("ls /lib/modules");
        Matcher version = Pattern.compile("(\\d+\\.\\d+\\.\\d+-\\d+-amd64)").matcher(kernel);
        assertThat(version.find()).as("a kernel in /lib/modules: %s", kernel).isTrue();
        stat("/lib/modules/" + version.group(1) + "/build");
        assertThat(debugfs("ls /home/vagrant/.m2/repository")).as("Maven's files for offline builds")
                .contains("org").contains("net");
        assertThat(debugfs("cat /etc/profile.d/netlink-workshop.sh")).isEqualTo("export WORKSHOP_OFFLINE=1\n");
    }
}
