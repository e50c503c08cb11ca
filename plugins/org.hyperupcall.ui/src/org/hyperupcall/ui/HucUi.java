package org.hyperupcall.ui;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/**
 * The HUC editor's bundle: it owns the in-process language session that every open HUC editor
 * shares (started on first use, stopped with the bundle).
 */
public class HucUi extends AbstractUIPlugin {
    public static final String ID = "org.hyperupcall.ui";
    /** The content type of HUC sources ({@code *.huc}). */
    public static final String CONTENT_TYPE = "org.hyperupcall.ui.huc";
    private static volatile HucUi instance;
    private volatile HucLanguageSession session;
    private org.eclipse.core.resources.IResourceChangeListener watcher;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        HucLanguageSession s = session;
        session = null;
        if (watcher != null) {
            ResourcesPlugin.getWorkspace().removeResourceChangeListener(watcher);
        }
        if (s != null) {
            s.shutdown();
        }
        instance = null;
        super.stop(context);
    }

    public static HucUi get() {
        return instance;
    }

    /** The language session of the workspace, started on first use. */
    public static HucLanguageSession session() {
        HucUi ui = instance;
        if (ui == null) {
            throw new IllegalStateException(ID + " is not active");
        }
        HucLanguageSession s = ui.session;
        if (s == null) {
            synchronized (ui) {
                s = ui.session;
                if (s == null) {
                    s = HucLanguageSession.start(ResourcesPlugin.getWorkspace().getRoot().getLocationURI().toString());
                    ui.session = s;
                    HucLanguageSession started = s;
                    ui.watcher = event -> started.filesChanged(fileEvents(event));
                    ResourcesPlugin.getWorkspace().addResourceChangeListener(ui.watcher,
                            org.eclipse.core.resources.IResourceChangeEvent.POST_CHANGE);
                }
            }
        }
        return s;
    }

    /** The HUC files and headers a workspace change created, changed or deleted, as LSP file events. */
    static java.util.List<org.eclipse.lsp4j.FileEvent> fileEvents(org.eclipse.core.resources.IResourceChangeEvent event) {
        java.util.List<org.eclipse.lsp4j.FileEvent> out = new java.util.ArrayList<>();
        if (event.getDelta() == null) {
            return out;
        }
        try {
            event.getDelta().accept(d -> {
                if (d.getResource() instanceof org.eclipse.core.resources.IFile f
                        && ("huc".equals(f.getFileExtension()) || "h".equals(f.getFileExtension()))) {
                    // a deleted project's files no longer have a location: they had the default one
                    java.net.URI location = f.getLocationURI() != null ? f.getLocationURI()
                            : ResourcesPlugin.getWorkspace().getRoot().getLocation().append(f.getFullPath()).toFile().toURI();
                    org.eclipse.lsp4j.FileChangeType type = switch (d.getKind()) {
                        case org.eclipse.core.resources.IResourceDelta.ADDED -> org.eclipse.lsp4j.FileChangeType.Created;
                        case org.eclipse.core.resources.IResourceDelta.REMOVED -> org.eclipse.lsp4j.FileChangeType.Deleted;
                        default -> (d.getFlags() & org.eclipse.core.resources.IResourceDelta.CONTENT) != 0
                                ? org.eclipse.lsp4j.FileChangeType.Changed : null;
                    };
                    if (type != null) {
                        out.add(new org.eclipse.lsp4j.FileEvent(java.nio.file.Path.of(location).toUri().toString(), type));
                    }
                }
                return true;
            });
        } catch (org.eclipse.core.runtime.CoreException e) {
            log("cannot read a workspace change", e);
        }
        return out;
    }

    public static void log(String message, Throwable t) {
        ILog.of(HucUi.class).log(new Status(IStatus.ERROR, ID, message, t));
    }
}
