package org.hyperupcall.lang.ide;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.xbase.lib.Functions.Function2;

import com.google.inject.Singleton;

/**
 * Xtext's workspace manager, which reads only documents it knows: one the client opened, or a
 * .huc file of the workspace (read from disk at initialize). A request on any other URI is
 * answered with InvalidParams, "document not open: URI", instead of being loaded: Xtext's would
 * try to load it from disk, leave an empty resource behind in the resource set (one per URI a
 * client names) and fail with a NullPointerException deep in the service.
 */
@Singleton
public class HucWorkspaceManager extends WorkspaceManager {
    @Override
    public <T> T doRead(URI uri, Function2<? super Document, ? super XtextResource, ? extends T> work) {
        URI resource = uri == null ? null : uri.trimFragment(); // Xtext reads objects' URIs too (#//@items.1)
        if (resource == null || !isDocumentOpen(resource) && getIndex().getResourceDescription(resource) == null) {
            throw notOpen(resource);
        }
        return super.doRead(uri, (document, xtext) -> {
            if (document == null || xtext == null || xtext.getParseResult() == null) {
                throw notOpen(resource);
            }
            return work.apply(document, xtext);
        });
    }

    static ResponseErrorException notOpen(Object uri) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, "document not open: " + uri, null));
    }
}
