package dev.cip.registry.testing;

import dev.cip.registry.RegistryClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one class fixture for the test registry: fills every {@link Started} field with a started {@link TestRegistry}
 * or {@link RegistryClient}, shared by all tests of the class and closed after it (the class's store closes them
 * after its {@code @AfterAll} methods, so those may still use them).
 */
public final class RegistryExtension implements BeforeAllCallback, TestInstancePostProcessor {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RegistryExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Every field starts here, before any @BeforeAll method; instance fields are filled when the instance exists.
        for (Field field : startedFields(context.getRequiredTestClass())) {
            Object value = startedFor(context, field);
            if (Modifier.isStatic(field.getModifiers())) {
                assign(field, null, value);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        for (Field field : startedFields(instance.getClass())) {
            if (!Modifier.isStatic(field.getModifiers())) {
                assign(field, instance, startedFor(classContext, field));
            }
        }
    }

    private static List<Field> startedFields(Class<?> testClass) {
        return AnnotationSupport.findAnnotatedFields(testClass, Started.class);
    }

    /**
     * The fixture belongs to the class: JUnit post-processes an instance in the class's context by default, but in the
     * test method's context when the instantiation scope is configured so; this finds the class's either way.
     */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static Object startedFor(ExtensionContext classContext, Field field) {
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(field, f -> start(field), AutoCloseable.class);
    }

    private static AutoCloseable start(Field field) {
        Class<?> type = field.getType();
        if (type == TestRegistry.class) {
            return TestRegistry.open();
        }
        if (type == RegistryClient.class) {
            return field.getAnnotation(Started.class).quickRetries() ? TestImages.quickRetryClient()
                    : RegistryClient.create();
        }
        throw new ExtensionConfigurationException("@Started field " + field.getDeclaringClass().getSimpleName() + "."
                + field.getName() + " is a " + type.getSimpleName() + "; it can be a TestRegistry or a RegistryClient");
    }

    private static void assign(Field field, Object instance, Object value) {
        try {
            field.setAccessible(true);
            field.set(instance, value);
        } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException("cannot set @Started field " + field, e);
        }
    }
}
