package dev.cip.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientFailuresTest {
    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void registry500OnPushIsTransient() {
        assertTrue(TransientFailures.isTransient(lines("""
                #9 exporting to image
                #9 exporting layers 0.1s done
                #9 pushing layers
                #9 pushing layers 0.3s done
                #9 ERROR: failed to push localhost:5000/app:1.4.0: unexpected status from HEAD request to http://localhost:5000/v2/app/blobs/sha256:3f4e8a2b9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f: 500 Internal Server Error
                ------
                 > exporting to image:
                ------
                ERROR: failed to solve: failed to push localhost:5000/app:1.4.0: unexpected status from HEAD request to http://localhost:5000/v2/app/blobs/sha256:3f4e8a2b9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f: 500 Internal Server Error
                """)));
    }

    @Test
    void registry503OnManifestPutIsTransient() {
        assertTrue(TransientFailures.isTransient(lines("""
                ERROR: failed to solve: failed to push registry.example.com/team/app:2: unexpected status from PUT request to https://registry.example.com/v2/team/app/manifests/2: 503 Service Unavailable
                """)));
    }

    @Test
    void connectionResetIsTransient() {
        assertTrue(TransientFailures.isTransient(lines("""
                #10 pushing layers
                #10 ERROR: failed to copy: failed to do request: Put "http://localhost:5000/v2/app/blobs/uploads/7c1f?digest=sha256%3Aab12": write tcp 127.0.0.1:51234->127.0.0.1:5000: write: connection reset by peer
                ERROR: failed to solve: failed to copy: failed to do request: Put "http://localhost:5000/v2/app/blobs/uploads/7c1f?digest=sha256%3Aab12": write tcp 127.0.0.1:51234->127.0.0.1:5000: write: connection reset by peer
                """)));
    }

    @Test
    void aFailingRunStepIsNeverTransient() {
        assertFalse(TransientFailures.isTransient(lines("""
                #6 [2/3] RUN apk add --no-cache curl
                #6 0.512 ERROR: unable to select packages:
                #6 0.513   curl (no such package):
                #6 ERROR: process "/bin/sh -c apk add --no-cache curl" did not complete successfully: exit code: 1
                ------
                 > [2/3] RUN apk add --no-cache curl:
                ------
                Dockerfile:3
                ERROR: failed to solve: process "/bin/sh -c apk add --no-cache curl" did not complete successfully: exit code: 1
                """)));
    }

    @Test
    void aRunStepThatFailedOnTheNetworkIsStillNotTransient() {
        // The Dockerfile's own download failed: retrying the build is the user's call, not cip's.
        assertFalse(TransientFailures.isTransient(lines("""
                #7 [3/3] RUN curl -fsS https://example.com/x.tgz -o /x.tgz
                #7 1.204 curl: (56) Recv failure: Connection reset by peer
                #7 1.210 curl: (22) The requested URL returned error: 500 Internal Server Error
                #7 ERROR: process "/bin/sh -c curl -fsS https://example.com/x.tgz -o /x.tgz" did not complete successfully: exit code: 56
                ERROR: failed to solve: process "/bin/sh -c curl -fsS https://example.com/x.tgz -o /x.tgz" did not complete successfully: exit code: 56
                """)));
    }

    @Test
    void dockerfileErrorsAndAuthFailuresAreNotTransient() {
        assertFalse(TransientFailures.isTransient(lines("""
                ERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: RUNN
                """)));
        assertFalse(TransientFailures.isTransient(lines("""
                ERROR: failed to solve: failed to push localhost:5000/app:1: unexpected status from POST request to http://localhost:5000/v2/app/blobs/uploads/: 401 Unauthorized
                """)));
        assertFalse(TransientFailures.isTransient(List.of()));
    }
}
