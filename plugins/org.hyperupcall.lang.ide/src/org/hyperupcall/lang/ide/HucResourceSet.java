package org.hyperupcall.lang.ide;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.XtextResourceSet;

/**
 * The language server's resource sets, in which a header a .huc file includes ({@code #include
 * "x.h"}) is read from disk when the editor has not opened it, as {@code huc check} reads it:
 * {@link org.hyperupcall.lang.Includes} looks included files up without loading them, so that in
 * the server a header nobody opened was missing, and its functions unknown (HUC-CALL) where
 * {@code huc check} found them. A header read so is forgotten when the client says it changed on
 * disk ({@link HucLanguageServerImpl#didChangeWatchedFiles}).
 */
public class HucResourceSet extends XtextResourceSet {
    @Override
    public Resource getResource(URI uri, boolean loadOnDemand) {
        Resource r = super.getResource(uri, loadOnDemand);
        if (r != null || loadOnDemand || !isHeaderOnDisk(uri)) {
            return r;
        }
        IResourceServiceProvider huc = IResourceServiceProvider.Registry.INSTANCE.getResourceServiceProvider(URI.createURI("x.huc"));
        IResourceFactory factory = huc == null ? null : huc.get(IResourceFactory.class);
        if (factory == null) {
            return null;
        }
        Resource header = factory.createResource(uri);
        getResources().add(header);
        try {
            header.load(getLoadOptions());
            return header;
        } catch (java.io.IOException | RuntimeException e) {
            getResources().remove(header);
            return null;
        }
    }

    /** Whether uri is a C header (.h) that is a file on disk. */
    static boolean isHeaderOnDisk(URI uri) {
        return uri != null && uri.isFile() && "h".equals(uri.fileExtension()) && Files.isRegularFile(Path.of(uri.toFileString()));
    }
}
