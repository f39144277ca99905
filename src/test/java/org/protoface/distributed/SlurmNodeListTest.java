package org.protoface.distributed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlurmNodeListTest {
    @Test
    void expandsRangesAndListsKeepingZeroPadding() {
        assertThat(SlurmNodeList.expand("node[01-04,07]")).containsExactly("node01", "node02", "node03", "node04", "node07");
        assertThat(SlurmNodeList.expand("n[8-10]")).containsExactly("n8", "n9", "n10");
        assertThat(SlurmNodeList.expand("n[08-10]")).containsExactly("n08", "n09", "n10");
        assertThat(SlurmNodeList.expand("gpu[098-101]")).containsExactly("gpu098", "gpu099", "gpu100", "gpu101");
    }

    @Test
    void splitsHostsOnlyAtCommasOutsideBrackets() {
        assertThat(SlurmNodeList.expand("login1,cn[1,3],gpu-a[2-3]x"))
                .containsExactly("login1", "cn1", "cn3", "gpu-a2x", "gpu-a3x");
        assertThat(SlurmNodeList.expand("single-host")).containsExactly("single-host");
        assertThat(SlurmNodeList.expand(" a , b ")).containsExactly("a", "b");
    }

    @Test
    void severalBracketGroupsGiveTheirProductLeftmostSlowest() {
        assertThat(SlurmNodeList.expand("rack[1-2]-node[3,5]"))
                .containsExactly("rack1-node3", "rack1-node5", "rack2-node3", "rack2-node5");
    }

    @Test
    void theFirstHostIsTheMaster() {
        assertThat(SlurmNodeList.first("node[07,01-04]")).isEqualTo("node07");
        assertThat(SlurmNodeList.first("b[2-3],a1")).isEqualTo("b2");
    }

    @Test
    void malformedListsAreRejectedNamingTheListAndTheProblem() {
        assertThatThrownBy(() -> SlurmNodeList.expand("node[3-1]")).hasMessage("SLURM node list 'node[3-1]' cannot be read: range '3-1' ends below its start");
        assertThatThrownBy(() -> SlurmNodeList.expand("node[01-04")).hasMessageContaining("a '[' is not closed");
        assertThatThrownBy(() -> SlurmNodeList.expand("node]1")).hasMessageContaining("']' at position 4 has no '['");
        assertThatThrownBy(() -> SlurmNodeList.expand("node[a-b]")).hasMessageContaining("must hold numbers or ranges like 01-04, got 'a-b'");
        assertThatThrownBy(() -> SlurmNodeList.expand("n[1-2[3]]")).hasMessageContaining("nested");
        assertThatThrownBy(() -> SlurmNodeList.expand("a,,b")).hasMessageContaining("empty host name");
        assertThatThrownBy(() -> SlurmNodeList.expand("")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> SlurmNodeList.expand("n[1-99999999]")).hasMessageContaining("more than 1000000");
    }
}
