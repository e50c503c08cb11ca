package org.hyperupcall.lang.ide;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.xtext.ide.ExecutorServiceProvider;

import com.google.inject.Singleton;

/**
 * The language server's request threads (builds, reads, the initialize that reads the workspace):
 * Xtext's cached thread pool, with threads of {@value #STACK_BYTES} bytes of stack instead of the
 * JVM's default of 1 MB. The parser, the checks and the compiler recurse over the syntax tree, so
 * the stack bounds how deeply a file may nest (with 1 MB a few thousand parentheses overflow it);
 * the stack is reserved address space, touched only as deep as a file needs. A file nested deeper
 * still gets an error of its own (see {@link org.hyperupcall.lang.resource.HucResource}).
 */
@Singleton
public class HucExecutorServiceProvider extends ExecutorServiceProvider {
    public static final long STACK_BYTES = 512L << 20;

    @Override
    protected ExecutorService createInstance(String key) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(null, r, "huc-lsp-" + (key == null ? "" : key + "-") + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
        return Executors.newCachedThreadPool(threads);
    }
}
