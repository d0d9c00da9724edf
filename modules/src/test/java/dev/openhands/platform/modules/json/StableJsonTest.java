package dev.openhands.platform.modules.json;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StableJsonTest {

    @Test
    void keepsInsertionOrderOfOrderedMaps() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("z", 1);
        doc.put("a", List.of(StableJson.object("y", true, "b", "x")));
        assertThat(StableJson.write(doc)).isEqualTo("{\"z\":1,\"a\":[{\"y\":true,\"b\":\"x\"}]}");
        assertThat(StableJson.write(new TreeMap<>(Map.of("b", 2, "a", 1)))).isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void refusesUnorderedMapsAtAnyDepthNamingThePath() {
        Map<String, Object> inner = new HashMap<>(Map.of("tagStatus", "untagged", "countNumber", 14));
        Map<String, Object> doc = StableJson.object("rules", List.of(StableJson.object("selection", inner)));
        assertThatThrownBy(() -> StableJson.write(doc))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("$.rules[0].selection")
            .hasMessageContaining("LinkedHashMap");
        assertThatThrownBy(() -> StableJson.write(Map.of("a", 1, "b", 2))).hasMessageContaining("unordered map at $");
        assertThatThrownBy(() -> StableJson.write(List.of(Set.of("a", "b")))).hasMessageContaining("unordered collection at $[0]");
    }

    @Test
    void singleEntryMapsHaveOnlyOneOrder() {
        assertThat(StableJson.write(Map.of("type", "expire"))).isEqualTo("{\"type\":\"expire\"}");
    }

    @Test
    void objectRejectsOddArgumentsAndRepeatedKeys() {
        assertThatThrownBy(() -> StableJson.object("a")).hasMessageContaining("key/value pairs");
        assertThatThrownBy(() -> StableJson.object("a", 1, "a", 2)).hasMessageContaining("repeats key a");
    }
}
