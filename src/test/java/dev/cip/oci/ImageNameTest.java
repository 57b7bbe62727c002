package dev.cip.oci;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageNameTest {
    @Test
    void spellsTheFullReferenceWithAndWithoutDigest() {
        ImageName n = new ImageName("localhost:5000/team", "app", "1.2.3");
        assertEquals("localhost:5000/team/app:1.2.3", n.toString());
        assertEquals("localhost:5000/team/app", n.repository());
        assertEquals("localhost:5000/team/app:latest", n.withTag("latest").toString());
        assertEquals("localhost:5000/team/app:1.2.3@sha256:ab", n.reference(Optional.of("sha256:ab")));
        assertEquals("localhost:5000/team/app:1.2.3", n.reference(Optional.empty()));
    }
}
