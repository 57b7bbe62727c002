package dev.cip.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code cip.maxBlobSize}: a number of bytes with an optional unit; anything else refused, naming the property. */
class BlobSizeParameterTest {

    @Test
    void sizesWithUnitsAreReadAndNonsenseIsRefused() throws Exception {
        assertEquals(10L << 30, Checks.size("cip.maxBlobSize", "10g"));
        assertEquals(512L << 20, Checks.size("cip.maxBlobSize", " 512M "));
        assertEquals(64L << 10, Checks.size("cip.maxBlobSize", "64KiB"));
        assertEquals(1000L, Checks.size("cip.maxBlobSize", "1000"));
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> Checks.size("cip.maxBlobSize", "ten gigs"));
        assertEquals("cip.maxBlobSize=ten gigs is not a size; write a number of bytes with an optional unit, e.g. "
                + "-Dcip.maxBlobSize=20g (k, m, g, t: KiB, MiB, GiB, TiB)", e.getMessage());
        assertThrows(MojoFailureException.class, () -> Checks.size("cip.maxBlobSize", "0"));
        assertThrows(MojoFailureException.class, () -> Checks.size("cip.maxBlobSize", "999999999999t"));
    }
}
