package io.harbour.stack;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: every test class that uses it, in one test JVM, shares one broker and one
 * node, started on first use and stopped when the test plan ends (through the root store, which
 * JUnit closes last). Tests receive the {@link LocalStack} as a parameter or from {@link #stack()}.
 * The servers' data and logs go to {@code harbour.stack.dir} (failsafe sets it to
 * {@code target/stack}), wiped at the start of each run and kept after it for reading. A module
 * whose tests need no Elasticsearch sets {@code harbour.stack.elasticsearch=false}.
 */
public final class HarbourStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HarbourStackExtension.class);
    private static volatile LocalStack shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalStack.class, key -> new SharedStack(), SharedStack.class);
    }

    /** The shared stack; only valid inside a test class that uses this extension. */
    public static LocalStack stack() {
        LocalStack s = shared;
        if (s == null) {
            throw new IllegalStateException("no stack: annotate the test class with @ExtendWith(HarbourStackExtension.class)");
        }
        return s;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == KafkaBroker.class || type == ElasticsearchNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        beforeAll(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == KafkaBroker.class) {
            return stack().kafka();
        }
        if (type == ElasticsearchNode.class) {
            return stack().elasticsearch();
        }
        return stack();
    }

    /** Held in the root store; JUnit closes AutoCloseable values in it when the test plan ends. */
    private static final class SharedStack implements AutoCloseable {
        SharedStack() {
            shared = LocalStack.startFresh(Path.of(System.getProperty("harbour.stack.dir", "target/stack")),
                    Boolean.parseBoolean(System.getProperty("harbour.stack.elasticsearch", "true")));
        }

        @Override
        public void close() {
            LocalStack s = shared;
            shared = null;
            if (s != null) {
                s.close();
            }
        }
    }
}
