package dev.cip.registry.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A field that {@link RegistryExtension} fills before the class's first {@code @BeforeAll} method and closes after
 * its last {@code @AfterAll}: a {@link TestRegistry} (an open registry, one per field) or a
 * {@link dev.cip.registry.RegistryClient}. Static or instance fields, either test instance lifecycle.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RegistryExtension.class)
public @interface Started {
    /** A client with retry delays of 10 to 50 ms ({@link TestImages#quickRetryClient()}) instead of the defaults. */
    boolean quickRetries() default false;
}
