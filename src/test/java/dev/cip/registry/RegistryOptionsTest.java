package dev.cip.registry;

import dev.cip.maven.MavenHelpfulSuggestions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegistryOptionsTest {

    private static final RegistryOptions DEFAULTS = RegistryOptions.defaults();

    @Test
    void eachWithMethodChangesItsOwnComponentsAndNoOther() throws ReflectiveOperationException {
        Map<RegistryOptions, Set<String>> changed = new LinkedHashMap<>();
        changed.put(DEFAULTS.withInsecureRegistries(Set.of("127.0.0.1:5000")), Set.of("insecureRegistries"));
        changed.put(DEFAULTS.withExtraCaPem(Path.of("ca.pem")), Set.of("extraCaPem"));
        changed.put(DEFAULTS.withConnectTimeout(Duration.ofSeconds(7)), Set.of("connectTimeout"));
        changed.put(DEFAULTS.withRequestTimeout(Duration.ofSeconds(8)), Set.of("requestTimeout"));
        changed.put(DEFAULTS.withMaxRetries(9), Set.of("maxRetries"));
        changed.put(DEFAULTS.withRetryDelays(Duration.ofMillis(11), Duration.ofMillis(12)),
                Set.of("retryBaseDelay", "retryMaxDelay"));
        changed.put(DEFAULTS.withMaxRetryAfter(Duration.ofSeconds(13)), Set.of("maxRetryAfter"));
        changed.put(DEFAULTS.withMaxConcurrentPerRegistry(14), Set.of("maxConcurrentPerRegistry"));
        changed.put(DEFAULTS.withCredentials(host -> Optional.empty()), Set.of("credentials"));
        changed.put(DEFAULTS.withChunkSize(15), Set.of("chunkSize"));
        changed.put(DEFAULTS.withUserAgent("test-agent"), Set.of("userAgent"));
        changed.put(DEFAULTS.withProbeTimeout(Duration.ofSeconds(16)), Set.of("probeTimeout"));
        changed.put(DEFAULTS.withHints(MavenHelpfulSuggestions.INSTANCE), Set.of("hints"));
        changed.put(DEFAULTS.withLimits(new RegistryOptions.Limits(1, 2, 3, 4, 5)), Set.of("limits"));
        changed.put(DEFAULTS.withTransfers(RegistryOptions.Transfers.DEFAULT.withMaxBlob(17)), Set.of("transfers"));
        changed.put(DEFAULTS.withListener(new RegistryListener() {
            @Override
            public void waiting(String registry, Duration wait, int status) {
                // a listener other than the default, nothing more
            }

            @Override
            public void progress(String registry, String what, long bytes, long total) {
                // a listener other than the default, nothing more
            }
        }), Set.of("listener"));

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<RegistryOptions, Set<String>> e : changed.entrySet()) {
            for (RecordComponent c : RegistryOptions.class.getRecordComponents()) {
                Object before = c.getAccessor().invoke(DEFAULTS);
                Object after = c.getAccessor().invoke(e.getKey());
                boolean differs = !Objects.equals(before, after);
                if (differs != e.getValue().contains(c.getName())) {
                    wrong.add(e.getValue() + " → " + c.getName() + (differs ? " changed" : " unchanged"));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(RegistryOptions.class.getRecordComponents().length,
                changed.values().stream().mapToInt(Set::size).sum(), "a with… method for every component");
    }

    @Test
    void aChangedCopyIsCheckedAsTheOriginalIs() {
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxConcurrentPerRegistry(0));
        assertThrows(NullPointerException.class, () -> DEFAULTS.withConnectTimeout(null));
        assertEquals(DEFAULTS, DEFAULTS.withMaxRetries(DEFAULTS.maxRetries()));
    }
}
