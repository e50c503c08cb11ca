package org.hyperupcall.launch.debug;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.model.ISourceLocator;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.sourcelookup.containers.LocalFileStorage;

/**
 * Finds the HUC file of a stack frame: the workspace file at the frame's path (an {@link IFile}),
 * else the file on disk (a {@link LocalFileStorage}); the model presentation opens either in the
 * HUC editor.
 */
public final class HucSourceLocator implements ISourceLocator {

    @Override
    public Object getSourceElement(IStackFrame frame) {
        if (!(frame instanceof HucStackFrame f) || f.sourcePath() == null) {
            return null;
        }
        Path path = Path.of(f.sourcePath());
        URI uri = path.toUri();
        for (IFile file : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(uri)) {
            if (file.exists()) {
                return file;
            }
        }
        File onDisk = path.toFile();
        return onDisk.isFile() ? new LocalFileStorage(onDisk) : null;
    }
}
