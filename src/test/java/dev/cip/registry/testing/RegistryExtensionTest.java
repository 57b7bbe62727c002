package dev.cip.registry.testing;

import dev.cip.registry.RegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class fixture: started before {@code @BeforeAll}, one registry per field, shared by the class, stopped after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class RegistryExtensionTest {
    @Started
    private static TestRegistry shared;
    @Started
    private TestRegistry own;
    @Started(quickRetries = true)
    private RegistryClient client;

    /** What a finished nested class left behind, read by the class that runs after it. */
    private long finishedPid;
    private Path finishedDirectory;

    @BeforeAll
    void everyFieldIsStartedBeforeTheFirstBeforeAll() {
        assertAnswers(shared);
        assertAnswers(own);
        TestImages.pushIndex(client, own.address(), "fixture/app", "1.0.0", List.of("linux/amd64"),
                Map.of(), false, 16);
    }

    @Test
    void eachFieldHasItsOwnRegistryAndTheClientReachesIt() {
        assertNotEquals(shared.port(), own.port());
        assertTrue(client.tags(own.address(), "fixture/app").contains("1.0.0"));
    }

    @AfterAll
    void theRegistriesStillAnswerInAfterAll() {
        assertAnswers(shared);
        assertAnswers(own);
    }

    @Nested
    @Order(1)
    class UnderPerMethodLifecycle {
        @Started
        private TestRegistry perClass;

        @Test
        void oneRegistryServesEveryTestOfTheClass() {
            remember();
        }

        @Test
        void theSameRegistryAgain() {
            remember();
        }

        private void remember() {
            assertAnswers(perClass);
            if (finishedPid != 0) {
                assertEquals(finishedPid, perClass.pid(), "a second registry was started for the same class");
            }
            finishedPid = perClass.pid();
            finishedDirectory = perClass.directory();
        }
    }

    @Nested
    @Order(2)
    class AfterAClassHasFinished {
        @Test
        void itsRegistryIsStoppedAndItsStorageDeleted() {
            assertTrue(finishedPid != 0, "the nested class before this one did not run");
            assertFalse(ProcessHandle.of(finishedPid).map(ProcessHandle::isAlive).orElse(false),
                    "registry pid " + finishedPid + " still runs after its class");
            assertFalse(Files.exists(finishedDirectory), finishedDirectory + " still exists after its class");
        }
    }

    private static void assertAnswers(TestRegistry registry) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + registry.address() + "/v2/"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode(), registry + " /v2/");
        } catch (IOException e) {
            throw new AssertionError(registry + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
