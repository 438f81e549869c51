package netlink.workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkshopTest {
    @Test
    void kernelVersionsCompareAsSortVDoes() {
        assertThat(Workshop.compareVersions("6.1.0-57-amd64", "6.1.0-9-amd64")).as("57 after 9").isPositive();
        assertThat(Workshop.compareVersions("6.1.0-9-amd64", "6.10.0-1-amd64")).as("6.10 after 6.1").isNegative();
        assertThat(Workshop.compareVersions("6.1.0-57-amd64", "6.1.0-57-amd64")).isZero();
        assertThat(Workshop.compareVersions("6.1.0-57-amd64", "6.1.0-57")).as("the longer is later").isPositive();
    }
}
