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

/**
 * A HUC file's resource. HUC's grammar has no cross-references (names are resolved by the
 * language's own C scope rules), so there is nothing to resolve lazily, and objects of an unloaded
 * resource need not become proxies that another resource could resolve again: Xtext's work for
 * both (a walk over every object, and a URI fragment computed for each) is skipped. The language
 * server unloads and reparses a document at every build, so this is time saved on every edit.
 *
 * <p>A file nested too deeply for the recursive-descent parser (thousands of nested parentheses or
 * braces) makes it overflow its thread's stack. Such a file loads as an empty translation unit with
 * one error ({@link TooDeeplyNested}, rule HUC-SYNTAX) instead of failing its load, so that one
 * hostile file cannot stop a build of the others (the language server's initialize reads every
 * .huc file under the workspace root).
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
        try {
            super.doLoad(inputStream, options);
        } catch (RuntimeException | StackOverflowError e) {
            if (!stackOverflow(e)) {
                throw e;
            }
            super.doLoad(new ByteArrayInputStream(new byte[0]), options);
            getErrors().add(new TooDeeplyNested(getParseResult() == null ? null : getParseResult().getRootNode()));
        }
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
        public static final String MESSAGE = "this file nests expressions or blocks too deeply to be parsed "
                + "(the parser ran out of stack); nothing in it is checked";
        private final INode root;

        TooDeeplyNested(INode root) {
            this.root = root;
        }

        @Override
        protected INode getNode() {
            return root;
        }

        @Override
        public String getCode() {
            return "HUC-SYNTAX";
        }

        @Override
        public String[] getData() {
            return null;
        }

        @Override
        public String getMessage() {
            return MESSAGE;
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
            return 1;
        }

        @Override
        public int getColumn() {
            return 1;
        }

        @Override
        public int getLineEnd() {
            return 1;
        }

        @Override
        public int getColumnEnd() {
            return 1;
        }
    }
}
