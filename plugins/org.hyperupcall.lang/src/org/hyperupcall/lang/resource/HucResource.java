package org.hyperupcall.lang.resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.xtext.diagnostics.AbstractDiagnostic;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.util.CancelIndicator;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.Limits;

/**
 * A HUC file's resource. HUC's grammar has no cross-references (names are resolved by the
 * language's own C scope rules), so there is nothing to resolve lazily, and objects of an unloaded
 * resource need not become proxies that another resource could resolve again: Xtext's work for
 * both (a walk over every object, and a URI fragment computed for each) is skipped. The language
 * server unloads and reparses a document at every build, so this is time saved on every edit.
 *
 * <p>A file beyond the front end's limits ({@link Limits}: larger than its largest source, nested
 * deeper than its deepest nesting) loads as an empty translation unit with one error ({@link
 * TooDeeplyNested}, rule {@code HUC-LIMIT}) instead of failing its load, so that one hostile file
 * cannot stop a build of the others (the language server's initialize reads every .huc file under
 * the workspace root).
 */
public class HucResource extends LazyLinkingResource {
    @Override
    public void resolveLazyCrossReferences(CancelIndicator mon) {
        // no cross-references
    }

    @Override
    protected void unloaded(InternalEObject internalEObject) {
        internalEObject.eAdapters().clear();
    }

    @Override
    protected void doLoad(InputStream inputStream, Map<?, ?> options) throws IOException {
        // Within the front end's limits (org.hyperupcall.lang.Limits) before the parser sees it:
        // at most MAX_SOURCE_BYTES read, a leading UTF-8 byte order mark skipped, and the nesting
        // scanned. A file beyond a limit loads as an empty unit with that limit's error.
        byte[] bytes = inputStream.readNBytes(Limits.MAX_SOURCE_BYTES + 1);
        if (bytes.length > Limits.MAX_SOURCE_BYTES) {
            loadEmpty(options, Limits.tooLarge(name()), 1);
            return;
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        int deep = Limits.nestingExceeded(bytes, start, bytes.length);
        if (deep > 0) {
            loadEmpty(options, Limits.tooDeep(), deep);
            return;
        }
        try {
            super.doLoad(new ByteArrayInputStream(bytes, start, bytes.length - start), options);
        } catch (RuntimeException | StackOverflowError e) {
            if (!stackOverflow(e)) {
                throw e;
            }
            // A last resort: the nesting scan admits only what the parser parses on the front end's stack.
            loadEmpty(options, TooDeeplyNested.MESSAGE, 1);
        }
    }

    private String name() {
        return getURI() == null || getURI().lastSegment() == null ? "the file" : getURI().lastSegment();
    }

    private void loadEmpty(Map<?, ?> options, String message, int line) throws IOException {
        super.doLoad(new ByteArrayInputStream(new byte[0]), options);
        getErrors().add(new TooDeeplyNested(getParseResult() == null ? null : getParseResult().getRootNode(), message, line));
    }

    /** Whether t is, or was caused by, a StackOverflowError (Xtext's parser wraps it in a ParseException). */
    public static boolean stackOverflow(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    /** The error of a file the parser could not read for lack of stack: at its first character. */
    public static final class TooDeeplyNested extends AbstractDiagnostic {
        public static final String MESSAGE = "internal limit: the parser ran out of stack in this file; nothing in it is checked";
        private final INode root;
        private final String message;
        private final int line;

        TooDeeplyNested(INode root, String message, int line) {
            this.root = root;
            this.message = message;
            this.line = line;
        }

        @Override
        protected INode getNode() {
            return root;
        }

        @Override
        public String getCode() {
            return HucRule.LIMIT.id();
        }

        @Override
        public String[] getData() {
            return null;
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public int getOffset() {
            return 0;
        }

        @Override
        public int getLength() {
            return 0;
        }

        @Override
        public int getLine() {
            return line;
        }

        @Override
        public int getColumn() {
            return 1;
        }

        @Override
        public int getLineEnd() {
            return line;
        }

        @Override
        public int getColumnEnd() {
            return 1;
        }
    }
}
