package dev.maestro.evals.routing;

import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingDatasetTest {

    @TempDir
    Path dir;

    @Test
    void should_read_csv_with_quotes_and_hold_out_every_fifth_row_and_all_out_of_scope_rows() throws IOException {
        // given
        StringBuilder train = new StringBuilder("text,category\r\n");
        for (int i = 1; i <= 5; i++) {
            train.append("\"pay bill, number ").append(i).append("\",billing\r\n");
        }
        train.append("\"say \"\"hi\"\"\",oos\n");
        Path trainFile = Files.writeString(dir.resolve("train.csv"), train);
        Path testFile = Files.writeString(dir.resolve("test.csv"), "category,text\nbilling,where is my invoice\n,what is love\n");

        // when
        RoutingDataset data = RoutingDataset.csv(trainFile, testFile);

        // then
        assertThat(data.train()).hasSize(4).allMatch(u -> u.route().orElseThrow().equals("billing"));
        assertThat(data.train().getFirst().text()).isEqualTo("pay bill, number 1");
        assertThat(data.heldOut()).containsExactly(LabeledUtterance.of("pay bill, number 5", "billing"), LabeledUtterance.outOfScope("say \"hi\""));
        assertThat(data.test()).containsExactly(LabeledUtterance.of("where is my invoice", "billing"), LabeledUtterance.outOfScope("what is love"));
        assertThat(data.intents()).containsExactly("billing");
    }

    @Test
    void should_name_the_file_when_columns_are_missing() throws IOException {
        // given
        Path bad = Files.writeString(dir.resolve("bad.csv"), "utterance,label\nhi,greet\n");

        // when / then
        assertThatThrownBy(() -> RoutingDataset.csv(bad, bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.csv needs the columns 'text' and 'category'");
    }

    @Test
    void should_take_a_subset_spread_over_the_intents() {
        // given
        List<LabeledUtterance> train = List.of(LabeledUtterance.of("a1", "a"), LabeledUtterance.of("a2", "a"), LabeledUtterance.of("b1", "b"),
                LabeledUtterance.of("c1", "c"), LabeledUtterance.of("d1", "d"));
        List<LabeledUtterance> test = List.of(LabeledUtterance.of("a", "a"), LabeledUtterance.of("b", "b"), LabeledUtterance.of("c", "c"),
                LabeledUtterance.outOfScope("x"), LabeledUtterance.outOfScope("y"));
        RoutingDataset data = new RoutingDataset("d", train, List.of(), test);

        // when
        RoutingDataset subset = data.subset(2, 1, 1);

        // then
        assertThat(subset.intents()).containsExactly("a", "c");
        assertThat(subset.train()).extracting(LabeledUtterance::text).containsExactly("a1", "c1");
        assertThat(subset.test()).extracting(LabeledUtterance::text).containsExactly("a", "c", "x");
    }
}
