package org.hyperupcall.ui.editor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IStorage;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IPersistableElement;
import org.eclipse.ui.IStorageEditorInput;
import org.hyperupcall.lang.ide.HucHeader;

/**
 * The built-in hyperupcall.h (the ABI's declarations: helpers, contexts, constants), read-only:
 * where go to definition of a helper or a context field lands ({@code huc:/hyperupcall.h}).
 */
public final class HucHeaderInput implements IStorageEditorInput {
    public static final String URI = HucHeader.URI;
    private static final HucHeaderInput INSTANCE = new HucHeaderInput();

    public static HucHeaderInput get() {
        return INSTANCE;
    }

    @Override
    public IStorage getStorage() {
        return new IStorage() {
            @Override
            public InputStream getContents() {
                return new ByteArrayInputStream(HucHeader.text().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public IPath getFullPath() {
                return null;
            }

            @Override
            public String getName() {
                return "hyperupcall.h";
            }

            @Override
            public boolean isReadOnly() {
                return true;
            }

            @Override
            public <T> T getAdapter(Class<T> adapter) {
                return null;
            }
        };
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public String getName() {
        return "hyperupcall.h";
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return "hyperupcall.h (built in: the guest-hypervisor ABI, read-only)";
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HucHeaderInput;
    }

    @Override
    public int hashCode() {
        return HucHeaderInput.class.hashCode();
    }
}
