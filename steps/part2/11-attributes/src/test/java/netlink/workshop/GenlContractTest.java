package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/** NlwsContract must say what kernel/include/workshop_genl.h says, compiled with gcc. */
class GenlContractTest {
    @Test
    void everyNameOfTheContractHasTheHeadersValue() throws Exception {
        String c = CProgram.run("""
                #include <stdio.h>
                #include "workshop_genl.h"
                int main(void)
                {
                	printf("%s %d %s\\n", NLWS_GENL_NAME, NLWS_GENL_VERSION, NLWS_MCGRP_EVENTS);
                	printf("%d %d %d %d %d\\n", NLWS_CMD_HELLO, NLWS_CMD_EVENT, NLWS_CMD_LIST, NLWS_CMD_STATS,
                	       NLWS_CMD_MAX);
                	printf("%d %d %d %d %d %d\\n", NLWS_ATTR_MSG, NLWS_ATTR_COUNT, NLWS_ATTR_PORT,
                	       NLWS_ATTR_STATS, NLWS_ATTR_MAX, NLWS_MSG_MAX);
                	printf("%d %d %d\\n", NLWS_STATS_HELLOS, NLWS_STATS_LAST_PORT, NLWS_STATS_MAX);
                	return 0;
                }
                """);
        String java = NlwsContract.GENL_NAME + " " + NlwsContract.GENL_VERSION + " " + NlwsContract.MCGRP_EVENTS
                + "\n" + NlwsContract.CMD_HELLO + " " + NlwsContract.CMD_EVENT + " " + NlwsContract.CMD_LIST + " "
                + NlwsContract.CMD_STATS + " " + NlwsContract.CMD_STATS + "\n" + NlwsContract.ATTR_MSG + " "
                + NlwsContract.ATTR_COUNT + " " + NlwsContract.ATTR_PORT + " " + NlwsContract.ATTR_STATS + " "
                + NlwsContract.ATTR_MAX + " " + NlwsContract.MSG_MAX + "\n" + NlwsContract.STATS_HELLOS + " "
                + NlwsContract.STATS_LAST_PORT + " " + NlwsContract.STATS_MAX + "\n";
        assertThat(java).isEqualTo(c);
    }

    @Test
    void theNamesAreTheContractsNames() {
        assertThat(NlwsContract.attributeName(NlwsContract.ATTR_MSG)).isEqualTo("NLWS_ATTR_MSG");
        assertThat(NlwsContract.attributeName(NlwsContract.ATTR_COUNT)).isEqualTo("NLWS_ATTR_COUNT");
        assertThat(NlwsContract.attributeName(NlwsContract.ATTR_PORT)).isEqualTo("NLWS_ATTR_PORT");
        assertThat(NlwsContract.commandName(NlwsContract.CMD_EVENT)).isEqualTo("NLWS_CMD_EVENT");
    }
}
