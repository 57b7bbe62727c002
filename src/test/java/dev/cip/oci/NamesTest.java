package dev.cip.oci;

import dev.cip.context.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "latest", "_x", "A-b_c.d", "1.2.3__cip-linux-amd64"})
    void tags(String tag) {
        assertTrue(Names.isTag(tag));
        assertTrue(Names.isTag("a".repeat(127) + "b"), "128 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".1", "-1", "a b", "a/b", "a:b", "é"})
    void notTags(String tag) {
        assertFalse(Names.isTag(tag));
        assertFalse(Names.isTag(null));
        assertFalse(Names.isTag("a".repeat(129)), "129 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "my-app", "my--app", "a.b", "a_b", "a__b", "0"})
    void nameComponents(String name) {
        assertTrue(Names.isNameComponent(name));
        assertTrue(Names.isRepositoryPath("team/" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "App", "-a", "a-", "a___b", "a..b", "a/b", "a:b"})
    void notNameComponents(String name) {
        assertFalse(Names.isNameComponent(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/app", "app/", "team//app", "Team/app"})
    void notRepositoryPaths(String path) {
        assertFalse(Names.isRepositoryPath(path));
        assertFalse(Names.isRepositoryPath(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:ab12", "sha512:x", "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeT"})
    void digests(String digest) {
        assertTrue(Names.isDigest(digest));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", ":abc", "sha256:", "SHA256:ab", "sha256:a/b"})
    void notDigests(String digest) {
        assertFalse(Names.isDigest(digest));
        assertFalse(Names.isDigest(null));
    }

    /** context.Validation keeps its methods for its callers and answers as Names does. */
    @ParameterizedTest
    @ValueSource(strings = {"1.0", ".1", "app", "App", "team/app", "team//app", ""})
    void validationDelegates(String s) {
        assertEquals(Names.isTag(s), Validation.isTag(s));
        assertEquals(Names.isNameComponent(s), Validation.isImageName(s));
        assertEquals(Names.isRepositoryPath(s), Validation.isRepositoryPath(s));
        assertEquals(Names.tagRule(), Validation.tagRule());
    }

    /** The one short form of a digest in messages: the algorithm and 12 hex digits, no ellipsis. */
    @Test
    void shortDigestKeepsTwelveHexDigits() {
        assertEquals("sha256:0123456789ab", Names.shortDigest("sha256:0123456789ab" + "c".repeat(52)));
        assertEquals("sha256:0123", Names.shortDigest("sha256:0123"), "shorter text as it is");
        assertEquals("not a digest at all", Names.shortDigest("not a digest at all"));
    }
}
